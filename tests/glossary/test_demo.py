import pytest
from django.core import serializers
from django.core.management import call_command

from glossary.linking import TermLinker
from glossary.models import GlossaryTerm

pytestmark = pytest.mark.django_db

EXPECTED_TERMS = [
    "CAW",
    "OCMW",
    "eerste lijn",
    "verhoogde tegemoetkoming",
    "doorverwijzing",
    "conventie-psycholoog",
    "tolk",
    "huisbezoek",
    "dossierbeheerder",
]


def test_load_demo_fills_the_woordenboek_with_the_words_of_the_field(demo_data):
    terms = set(GlossaryTerm.objects.published().values_list("term", flat=True))

    assert set(EXPECTED_TERMS) <= terms
    assert all(term.explanation for term in GlossaryTerm.objects.all())


def test_loading_the_demo_twice_changes_no_term(demo_data):
    before = serializers.serialize("json", GlossaryTerm.objects.order_by("pk"))
    call_command("load_demo", verbosity=0)

    assert serializers.serialize("json", GlossaryTerm.objects.order_by("pk")) == before


def test_the_demo_terms_link_in_a_demo_service_text(demo_data):
    html = TermLinker().link("Klanten van het OCMW vragen het aan hun dossierbeheerder.")

    assert 'href="/woordenboek/#woord-ocmw"><abbr title="Openbaar Centrum' in html
    assert 'href="/woordenboek/#woord-dossierbeheerder">dossierbeheerder</a>' in html
