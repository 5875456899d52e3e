import pytest
from django.urls import reverse

from glossary.linking import TermLinker
from glossary.models import GlossaryTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_can_search_the_woordenboek_in_the_admin(editor_client, make_term):
    make_term("CAW", full_form="Centrum Algemeen Welzijnswerk")
    make_term("OCMW")

    response = editor_client.get(
        reverse("admin:glossary_glossaryterm_changelist"), {"q": "welzijn"}
    )

    assert response.status_code == 200
    assert [term.term for term in response.context["cl"].result_list] == ["CAW"]


def test_a_term_an_editor_adds_is_linked_on_the_next_page_at_once(editor_client, make_term):
    make_term("OCMW")
    assert "glossary-link" not in TermLinker().link("Er is een tolk.")

    response = editor_client.post(
        reverse("admin:glossary_glossaryterm_add"),
        {
            "term": "tolk",
            "slug": "tolk",
            "full_form": "",
            "variants": "tolken",
            "explanation": "Een tolk vertaalt wat je zegt.",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    assert GlossaryTerm.objects.filter(slug="tolk").exists()
    assert 'href="/woordenboek/#woord-tolk">tolk</a>' in TermLinker().link("Er is een tolk.")
