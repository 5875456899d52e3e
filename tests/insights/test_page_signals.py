"""Resident pages count what people look for, without slowing down or storing who looked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights.models import DemandCount

pytestmark = pytest.mark.django_db
Event = DemandCount.Event


def counters():
    return {
        (c.event, c.subject, c.city, c.neighbourhood): c.count for c in DemandCount.objects.all()
    }


def test_a_search_in_the_list_is_counted_with_its_city(client, make_service, city):
    make_service("Schuldhulp Gent", cities=[city])

    client.get(reverse("directory:service_list"), {"q": "schuldhulp", "stad": "gent"})

    assert counters() == {
        (Event.SEARCH, "schuldhulp", "gent", ""): 1,
        (Event.SEARCH_FEW_RESULTS, "schuldhulp", "gent", ""): 1,
    }


def test_a_problem_chosen_in_the_list_is_counted_with_its_neighbourhood(
    client, make_service, make_problem, make_neighbourhood, city
):
    problem = make_problem("Eenzaamheid", slug="eenzaamheid")
    ledeberg = make_neighbourhood(city, "Ledeberg")
    for _ in range(3):
        make_service(problems=[problem], cities=[city])

    client.get(
        reverse("directory:service_list"),
        {"probleem": "eenzaamheid", "stad": "gent", "wijk": ledeberg.slug},
    )

    assert counters() == {(Event.PROBLEM_VIEW, "eenzaamheid", "gent", ledeberg.slug): 1}


def test_a_problem_page_without_help_is_counted_as_an_unmet_need(client, make_problem):
    make_problem("Gokken", slug="gokken")

    client.get(reverse("directory:problem_detail", args=["gokken"]))

    assert counters() == {
        (Event.PROBLEM_VIEW, "gokken", "", ""): 1,
        (Event.PROBLEM_FEW_RESULTS, "gokken", "", ""): 1,
    }


def test_later_pages_and_invalid_filters_are_not_counted_again(client, make_service):
    for _ in range(25):
        make_service("Dienst")

    client.get(reverse("directory:service_list"), {"q": "dienst", "page": "2"})
    client.get(reverse("directory:service_list"), {"q": "dienst", "stad": "mars"})

    assert not DemandCount.objects.exists()


def test_a_plain_list_without_search_or_problem_counts_nothing(client, make_service):
    make_service()
    client.get(reverse("directory:service_list"))
    assert not DemandCount.objects.exists()


def test_a_search_within_a_problem_writes_its_counts_in_one_statement(
    client, make_service, make_problem, city
):
    problem = make_problem("Schulden", slug="schulden")
    make_service("Schuldhulp Gent", problems=[problem], cities=[city])

    with CaptureQueriesContext(connection) as captured:
        client.get(
            reverse("directory:service_list"),
            {"q": "schuldhulp", "probleem": "schulden", "stad": "gent"},
        )

    writes = [q["sql"] for q in captured if "insights_demandcount" in q["sql"]]
    assert len(writes) == 1
    assert counters() == {
        (Event.SEARCH, "schuldhulp", "gent", ""): 1,
        (Event.SEARCH_FEW_RESULTS, "schuldhulp", "gent", ""): 1,
        (Event.PROBLEM_VIEW, "schulden", "gent", ""): 1,
        (Event.PROBLEM_FEW_RESULTS, "schulden", "gent", ""): 1,
    }
