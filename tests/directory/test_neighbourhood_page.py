"""The neighbourhood page: a wijk and the services that serve it."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Service
from directory.search import refresh_search_fields


def test_it_lists_services_for_the_neighbourhood_and_its_whole_city(
    client, make_service, make_neighbourhood, city, other_city
):
    rabot = make_neighbourhood(city, "Rabot")
    make_service("Rabot", neighbourhoods=[rabot])
    make_service("Heel Gent", cities=[city])
    make_service("Aalst", cities=[other_city])

    response = client.get(reverse("directory:neighbourhood_detail", kwargs={"slug": rabot.slug}))

    assert response.status_code == 200
    assert "Hulp in Rabot" in response.text
    # the neighbourhood's own services first, then those for the whole city (issue 13)
    assert [service.name for service in response.context["page_obj"]] == ["Rabot", "Heel Gent"]


def test_it_renders_in_a_fixed_number_of_queries(
    client, many_services, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("directory:neighbourhood_detail", args=["gent-ledeberg"]))

    assert response.context["page_obj"].paginator.count == 17


@pytest.fixture
def many_in_rabot(organization, make_neighbourhood, city):
    """112 services: for Rabot itself or for all of Gent, free or not, without referral or
    with, or the referral unknown, their names interleaved across those groups."""
    rabot = make_neighbourhood(city, "Rabot")
    kinds = list(
        itertools.product(
            (True, False), (Service.Cost.FREE, Service.Cost.OTHER), (False, True, None)
        )
    )
    services = Service.objects.bulk_create(
        Service(
            organization=organization,
            name=f"Dienst {number:03d}",
            slug=f"wijk-{number}",
            is_published=True,
            cost=kinds[number % len(kinds)][1],
            referral_required=kinds[number % len(kinds)][2],
            interpreter_available=False,
            home_visits=False,
        )
        for number in range(112)
    )
    for number, service in enumerate(services):
        if kinds[number % len(kinds)][0]:
            service.serves_neighbourhoods.through.objects.create(
                service=service, neighbourhood=rabot
            )
        else:
            service.serves_cities.through.objects.create(service=service, city=city)
    refresh_search_fields([service.pk for service in services])  # as after any bulk write

    def order(service):
        own, cost, referral = kinds[int(service.name.split()[1]) % len(kinds)]
        open_to_anyone = cost == Service.Cost.FREE and referral is False
        return (not own, not open_to_anyone, service.name)

    return rabot, [service.name for service in sorted(services, key=order)]


def test_its_own_services_then_those_open_to_anyone_page_after_page(client, many_in_rabot):
    """An unknown referral is not "open to anyone": those come after the free ones without."""
    rabot, expected = many_in_rabot
    url = reverse("directory:neighbourhood_detail", kwargs={"slug": rabot.slug})
    shown = []
    for page in range(1, 7):
        response = client.get(url, {"page": page})
        shown += [service.name for service in response.context["page_obj"]]

    assert shown == expected


def test_a_page_reads_each_group_only_up_to_its_end(client, many_in_rabot):
    """Four parts (its own or not, open to anyone or not), each read up to row 41 of page 2:
    in one ordering PostgreSQL read and sorted every service of the neighbourhood."""
    rabot, _expected = many_in_rabot
    url = reverse("directory:neighbourhood_detail", kwargs={"slug": rabot.slug})
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"page": 2})

    listing = [q["sql"] for q in queries if q["sql"].count("UNION ALL") == 3]
    assert len(listing) == 1 and listing[0].count("LIMIT 41") == 4, listing
