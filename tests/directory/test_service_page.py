"""directory.service_page: the service page's rows from compiled SQL, the same as the ORM's."""

from collections import Counter

import pytest

from directory import service_page
from directory.compiled_sql import CompiledQuery
from directory.models import Service
from directory.service_page import published_service

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
