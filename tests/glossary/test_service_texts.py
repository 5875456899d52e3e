"""Terms linked in the texts of the service page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import AgeGroup, Location, OpeningHours, ServiceAtLocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_service(make_service, city, make_problem):
    """A service with texts, relations, a location and opening hours, as the page shows them."""
    service = make_service(
        steps="Bel het CAW.\nMaak een afspraak.",
        audience="Voor OCMW-klanten.",
        description="Een doorverwijzing is niet nodig.",
        problems=[make_problem("Geweld")],
        cities=[city],
    )
    service.age_groups.set([AgeGroup.objects.create(name="Volwassenen", slug="volw", min_age=18)])
    location = Location.objects.create(name="Onthaal", slug="onthaal", city=city)
    ServiceAtLocation.objects.create(service=service, location=location)
    OpeningHours.objects.create(
        location=location, weekday=2, opens_at=datetime.time(9), closes_at=datetime.time(12)
    )
    return service


@pytest.fixture
def terms(make_term):
    make_term("CAW", full_form="Centrum Algemeen Welzijnswerk")
    make_term("OCMW")
    make_term("doorverwijzing", variants="doorverwijzen")


def test_the_first_occurrence_of_each_term_on_the_page_is_linked(client, make_service, terms):
    service = make_service(
        steps="Bel het CAW.\nOCMW-klanten vragen het aan hun OCMW.",
        audience="Voor wie geen doorverwijzing heeft. Ook CAW-klanten.",
        description="Het CAW en het OCMW werken samen. Doorverwijzen hoeft niet.",
    )

    html = client.get(service.get_absolute_url()).content.decode()

    assert html.count('class="glossary-link"') == 3
    assert (
        '<li>Bel het <a class="glossary-link" href="/woordenboek/#woord-caw">'
        '<abbr title="Centrum Algemeen Welzijnswerk">CAW</abbr></a>.</li>'
    ) in html
    assert '<a class="glossary-link" href="/woordenboek/#woord-ocmw">OCMW</a>-klanten' in html
    assert 'href="/woordenboek/#woord-doorverwijzing">doorverwijzing</a> heeft' in html
    assert "Het CAW en het OCMW werken samen.<br>Doorverwijzen hoeft niet." not in html
    assert "Het CAW en het OCMW werken samen. Doorverwijzen hoeft niet." in html


def test_line_breaks_in_texts_still_show_after_linking(client, make_service, terms):
    service = make_service(description="Eerste regel.\nHet OCMW helpt.")

    html = client.get(service.get_absolute_url()).content.decode()

    assert 'Eerste regel.<br>Het <a class="glossary-link" href="/woordenboek/#woord-ocmw">' in html


def test_markup_in_service_texts_stays_escaped(client, make_service, terms):
    service = make_service(
        description='<script>alert("CAW")</script> Het CAW <img src=x onerror=alert(1)>',
        audience="<b>OCMW</b>-klanten & anderen",
        steps="<a href='https://kwaad.example'>OCMW</a>",
    )

    html = client.get(service.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>" not in html
    assert "kwaad.example'>" not in html
    assert "&lt;script&gt;alert(&quot;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;" in html and "&amp; anderen" in html


def test_without_terms_the_texts_show_as_before(client, make_service):
    service = make_service(description="Het CAW helpt & luistert.")

    html = client.get(service.get_absolute_url()).content.decode()

    assert "Het CAW helpt &amp; luistert." in html
    assert "glossary-link" not in html


def test_the_terms_cost_one_query_on_a_cold_cache_and_none_once_cached(client, full_service, terms):
    url = full_service.get_absolute_url()

    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).content.decode().count('class="glossary-link"') == 3
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).content.decode().count('class="glossary-link"') == 3

    assert len(cold) == len(warm) + 1
    assert any("glossary_glossaryterm" in query["sql"] for query in cold.captured_queries)
    assert not any("glossary_glossaryterm" in query["sql"] for query in warm.captured_queries)


def test_the_service_page_stays_within_the_query_budget_once_the_terms_are_cached(
    client, full_service, terms, django_assert_max_num_queries
):
    client.get(full_service.get_absolute_url())

    with django_assert_max_num_queries(8):
        response = client.get(full_service.get_absolute_url())

    assert response.status_code == 200
