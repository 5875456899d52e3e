"""Requirements the other way round: leave out what a resident cannot use (issue 8)."""

import pytest
from django.urls import reverse

from directory.models import AgeGroup, ReferrerType, Service

pytestmark = pytest.mark.django_db
URL = reverse("directory:service_list")


def names(response):
    return [service.name for service in response.context["page_obj"].object_list]


@pytest.fixture
def groups(db):
    return {
        "kinderen": AgeGroup.objects.create(name="Kinderen", slug="kinderen", max_age=11),
        "jongeren": AgeGroup.objects.create(name="Jongeren", slug="jong", min_age=12, max_age=25),
        "senioren": AgeGroup.objects.create(name="Senioren", slug="senioren", min_age=65),
    }


@pytest.fixture
def services(make_service, groups):
    make_service("Voor iedereen")
    make_service("Kinderen en senioren").age_groups.set([groups["kinderen"], groups["senioren"]])
    make_service("Jongeren").age_groups.set([groups["jongeren"]])
    make_service("Jongeren en senioren").age_groups.set([groups["jongeren"], groups["senioren"]])


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("0", ["Kinderen en senioren", "Voor iedereen"]),
        ("11", ["Kinderen en senioren", "Voor iedereen"]),
        ("12", ["Jongeren", "Jongeren en senioren", "Voor iedereen"]),
        ("25", ["Jongeren", "Jongeren en senioren", "Voor iedereen"]),
        ("40", ["Voor iedereen"]),
        ("65", ["Jongeren en senioren", "Kinderen en senioren", "Voor iedereen"]),
        ("120", ["Jongeren en senioren", "Kinderen en senioren", "Voor iedereen"]),
    ],
)
def test_an_age_keeps_services_with_a_fitting_group_or_without_any_group(
    client, services, age, expected
):
    assert names(client.get(URL, {"leeftijd": age})) == expected


def test_a_service_fitting_through_two_groups_is_listed_once(client, make_service, groups):
    wide = AgeGroup.objects.create(name="Volwassenen", slug="volwassenen", min_age=18)
    make_service("Twee keer passend").age_groups.set([groups["jongeren"], wide])

    response = client.get(URL, {"leeftijd": "20"})

    assert names(response) == ["Twee keer passend"]
    assert response.context["page_obj"].paginator.count == 1


@pytest.mark.parametrize("age", ["-1", "121", "twintig", "2.5"])
def test_an_impossible_age_is_explained_and_filters_nothing(client, services, age):
    response = client.get(URL, {"leeftijd": age})

    assert response.status_code == 200
    assert len(names(response)) == 4
    assert response.context["filter"].notices


def test_without_referral_hides_everything_that_needs_one(client, make_service):
    make_service("Zelf bellen")
    make_service("Via de huisarts", referral_required=True)
    open_list = make_service("Doorverwijzen mag, hoeft niet")
    open_list.referrer_types.set([ReferrerType.objects.create(name="Huisarts", slug="huisarts")])

    response = client.get(URL, {"zonder_doorverwijzing": "ja"})

    assert names(response) == ["Doorverwijzen mag, hoeft niet", "Zelf bellen"]
    assert not any(service.referral_required for service in response.context["page_obj"])


def test_without_referral_and_an_age_combine(client, make_service, groups):
    make_service("Iedereen, zelf bellen")
    make_service("Iedereen, via huisarts", referral_required=True)
    make_service("Jongeren, zelf bellen").age_groups.set([groups["jongeren"]])
    make_service("Senioren, zelf bellen").age_groups.set([groups["senioren"]])

    response = client.get(URL, {"zonder_doorverwijzing": "ja", "leeftijd": "16"})

    assert names(response) == ["Iedereen, zelf bellen", "Jongeren, zelf bellen"]


def test_the_age_filter_works_the_same_in_the_queryset(services):
    found = Service.objects.for_age(40).values_list("name", flat=True)

    assert list(found) == ["Voor iedereen"]
