"""directory.service_page: the service page's rows from compiled SQL, the same as the ORM's."""

from collections import Counter
from datetime import date, datetime, time

import pytest
from django.utils import translation

from directory import service_page
from directory.compiled_sql import CompiledQuery
from directory.models import Closure, OpeningHours, Service, ServiceAtLocation
from directory.open_now import attach_opening_hours_and_status
from directory.opening import BRUSSELS
from directory.requirements import requirements_of
from directory.service_page import published_service, service_for_page
from tests.round_trips import counted_round_trips

LISTS = ("contact_channels", "problem_types", "service_locations")


def fields(instance):
    """The values a page can read: the model's loaded fields and the annotations."""
    return {
        name: value
        for name, value in vars(instance).items()
        if not name.startswith("_") and name not in LISTS
    }


def as_the_orm_reads_it(slug, language):
    return Service.objects.published().with_detail_data(language).get(slug=slug)


@pytest.mark.parametrize("page_language", ["nl", "fr", "ar"])
def test_the_service_and_its_lists_are_the_orms(translated_service, ended_service, page_language):
    for slug in (translated_service.slug, ended_service.slug):
        expected = as_the_orm_reads_it(slug, page_language)
        service = published_service(slug, page_language)

        assert fields(service) == fields(expected)
        assert service.get_deferred_fields() == expected.get_deferred_fields()
        assert fields(service.organization) == fields(expected.organization)
        assert (service.successor and fields(service.successor)) == (
            expected.successor and fields(expected.successor)
        )
        for name in LISTS:
            rows, expected_rows = getattr(service, name).all(), getattr(expected, name).all()
            assert [fields(row) for row in rows] == [fields(row) for row in expected_rows]


def test_the_page_texts_are_in_the_asked_language_with_dutch_as_fallback(translated_service):
    service = published_service(translated_service.slug, "fr")

    assert service.texts["summary"] == "Parlez de vos soucis avec un travailleur social."
    assert service.texts["summary"].lang == "fr"
    assert service.texts["audience"] == "Iedereen die in Gent woont."
    assert service.texts["audience"].lang == "nl"
    assert [problem.texts["name"] for problem in service.problem_types.all()] == ["Violence"]
    assert published_service(translated_service.slug, "nl").texts["summary"].startswith("Praat")


def test_four_queries_then_every_list_and_link_without_one(
    full_service, ended_service, django_assert_num_queries
):
    with django_assert_num_queries(4):
        service = published_service(full_service.slug, "nl")
    with django_assert_num_queries(0):
        channels = [(c.service.slug, c.href) for c in service.contact_channels.all()]
        places = [
            (sl.service.pk, sl.location.city.name, sl.location.neighbourhood.name)
            for sl in service.service_locations.all()
        ]
        problems = [problem.get_absolute_url() for problem in service.problem_types.all()]
        organization = service.organization.name
    assert channels[0] == (full_service.slug, "tel:+3280013500")
    assert len(channels) == 3
    assert places == [(full_service.pk, "Gent", "Rabot")]
    assert len(problems) == 1 and organization

    with django_assert_num_queries(4):
        ended = published_service(ended_service.slug, "nl")
    with django_assert_num_queries(0):
        assert ended.successor.get_absolute_url() == "/diensten/eerstelijnspsychologen/"


def test_a_list_filtered_further_asks_the_database(full_service):
    """The prefetched rows answer .all(); a filter on top is a new query, as after the ORM's
    prefetch_related, never a filter on the cached rows."""
    service = published_service(full_service.slug, "nl")

    assert list(service.contact_channels.filter(kind="email").values_list("value", flat=True)) == [
        "onthaal.gent@example.be"
    ]


def test_no_service_for_an_unknown_unpublished_or_odd_slug(make_service, full_service):
    draft = make_service(is_published=False)

    assert published_service(draft.slug, "nl") is None
    assert published_service("bestaat-niet", "nl") is None
    assert published_service("caw-onthaal-gent' OR '1'='1", "nl") is None
    assert published_service(full_service.slug.upper(), "nl") is None
    assert published_service(full_service.slug, "nl").pk == full_service.pk


def test_each_language_builds_its_queries_once(make_service, monkeypatch):
    built = []
    page_queries = service_page._PageQueries

    def counted_queries(language):
        queries = page_queries(language)
        for query in (queries.service, *queries.lists.values()):
            build = query.build
            query.build = lambda *values, b=build: built.append(language) or b(*values)
        return queries

    monkeypatch.setattr(service_page, "_QUERIES", {})
    monkeypatch.setattr(service_page, "_PageQueries", counted_queries)
    services = [make_service() for _ in range(3)]
    for language in ("nl", "fr", "nl", "ar", "fr"):
        for service in services:
            assert published_service(service.slug, language).pk == service.pk

    assert Counter(built) == {None: 4, "fr": 4, "ar": 4}  # the row and three lists, once each
    assert all(isinstance(q, CompiledQuery) for q in service_page._QUERIES[None].lists.values())


def page_facts(service):
    places = service.service_locations.all()
    return {
        "requirements": service.requirements,
        "status": service.opening_status,
        "general_hours": service.general_hours,
        "places": [(p.location_id, p.opening_status, p.opening_days) for p in places],
    }


@pytest.mark.parametrize("hour", [10, 14, 20])
def test_the_page_reads_its_requirements_and_hours_with_its_lists(
    full_service, make_service, make_location, city, hour
):
    """service_for_page: the row, then the lists, requirements and hours in one more round
    trip; what it attaches is what reading each on its own attaches."""
    place = full_service.service_locations.get().location
    other = make_service()
    ServiceAtLocation.objects.create(service=other, location=place)
    OpeningHours.objects.create(
        service=other, location=place, weekday=2, opens_at=time(8), closes_at=time(20)
    )
    christmas, works = (date(2026, 12, 22), date(2026, 12, 24)), (date(2026, 12, 15),) * 2
    Closure.objects.create(
        service=full_service, start_date=christmas[0], end_date=christmas[1], reason="Verlof"
    )
    Closure.objects.create(location=place, start_date=works[0], end_date=works[1], reason="Werken")
    now = datetime(2026, 12, 8, hour, tzinfo=BRUSSELS)  # a Tuesday
    expected = published_service(full_service.slug, "nl")
    expected.requirements = requirements_of(full_service.pk)
    attach_opening_hours_and_status(expected, now)
    service_for_page(full_service.slug, now)  # a second read runs the prepared statements

    with counted_round_trips() as trips, translation.override("nl"):
        service = service_for_page(full_service.slug, now)

    assert page_facts(service) == page_facts(expected)
    assert fields(service) == fields(expected)
    assert [len(sent) > 0 for sent in trips] == [True, True]
    assert trips[1].count("Execute") == 5  # three lists, the requirements and the hours
    assert service.requirements.age_groups[0].name == "Volwassenen"


def test_no_page_for_an_unpublished_service(make_service):
    assert service_for_page(make_service(is_published=False).slug) is None
