"""Words linked to the woordenboek point into the woordenboek of the page's language."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

SERVICE = "/diensten/caw-onthaal-aalst/"


def test_a_french_page_links_to_the_french_glossary_after_a_dutch_page_filled_the_cache(
    client, demo_data
):
    cache.clear()
    dutch = client.get(SERVICE).content.decode()

    french = client.get("/fr" + SERVICE).content.decode()

    assert 'class="glossary-link" href="/woordenboek/#' in dutch
    assert 'class="glossary-link" href="/fr/woordenboek/#' in french
    assert 'class="glossary-link" href="/woordenboek/#' not in french


def test_saving_a_term_forgets_the_lists_of_every_language(client, demo_data):
    from glossary.models import GlossaryTerm

    client.get("/en" + SERVICE)
    term = GlossaryTerm.objects.published().first()
    term.save()

    assert cache.get("glossary:linkable-terms:v1:en") is None
