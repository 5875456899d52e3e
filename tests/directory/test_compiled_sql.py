"""directory.compiled_sql: a query's SQL built once per shape gives the ORM's own rows."""

import datetime

import pytest
from django.db import DataError, connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from directory import compiled_sql
from directory.compiled_sql import CompiledQuery
from directory.models import Closure, ContactChannel, Service
from tests.round_trips import counted_round_trips


def channels(service_ids):
    return ContactChannel.objects.filter(service_id__in=service_ids).values_list(
        "service_id", "kind", "value", "label"
    )


def counting(build):
    """``build`` that counts how often it is called."""

    def counted(*values):
        counted.calls += 1
        return build(*values)

    counted.calls = 0
    return counted


@pytest.fixture
def services(make_service):
    first, second, third = make_service(), make_service(), make_service(channels=False)
    ContactChannel.objects.create(service=first, kind="email", value="a@example.org", position=2)
    ContactChannel.objects.create(service=first, kind="website", value="https://a.example.org")
    ContactChannel.objects.create(service=second, kind="telefoon", value="09 123 45 67")
    return first, second, third


def test_rows_are_the_orms_rows_for_every_list_of_ids(services):
    first, second, third = (service.pk for service in services)
    query = CompiledQuery(channels)
    for ids in ([first, second], [second, first], [third, second], [first], [third], [first] * 2):
        assert query.rows(ids) == list(channels(ids))
    assert len(query.rows([first, second])) == 5


def test_each_shape_is_built_and_compiled_once(services):
    first, second, third = (service.pk for service in services)
    build = counting(channels)
    query = CompiledQuery(build)
    query.rows([first, second])
    query.rows([second, third])
    query.rows([third, first])
    assert build.calls == 1
    query.rows([first])  # one id: a shape of its own
    query.rows([second])
    assert build.calls == 2


def test_the_query_runs_through_the_connection_with_the_real_values(services):
    first = services[0]
    query = CompiledQuery(channels)
    query.rows([first.pk])
    with CaptureQueriesContext(connection) as queries:
        rows = query.rows([first.pk])
    assert [row[0] for row in rows] == [first.pk] * 3
    assert len(queries) == 1
    assert str(first.pk) in queries[0]["sql"]
    assert "2000000000" not in queries[0]["sql"]  # no stand-in left


def test_an_empty_list_gives_no_rows_without_a_query(services):
    query = CompiledQuery(channels)
    with CaptureQueriesContext(connection) as queries:
        assert query.rows([]) == []
        assert query.rows([]) == []
    assert len(queries) == 0


def test_dates_reach_the_sql(make_service):
    service = make_service()
    ending = datetime.date(2026, 12, 24)
    Closure.objects.create(
        service=service, start_date=datetime.date(2026, 12, 20), end_date=ending, reason="Kerst"
    )

    def closures(service_id, today):
        return Closure.objects.filter(service_id=service_id, end_date__gte=today).values_list(
            "reason"
        )

    query = CompiledQuery(closures)
    assert query.rows(service.pk, ending) == [("Kerst",)]
    assert query.rows(service.pk, ending + datetime.timedelta(days=1)) == []
    assert query.rows(service.pk + 1, ending) == []


def test_named_rows_are_named_tuples(services):
    first = services[0]

    def named(service_ids):
        return ContactChannel.objects.filter(service_id__in=service_ids).values_list(
            "kind", "value", named=True
        )

    rows = CompiledQuery(named).rows([first.pk])
    assert rows == list(named([first.pk]))
    assert [row.kind for row in rows] == ["gratis_nummer", "website", "email"]


def test_a_value_the_query_changes_is_built_at_every_call(services):
    """The stand-in cannot be found in the parameters: no SQL is kept, the rows stay right."""
    first = services[0]
    build = counting(
        lambda position: ContactChannel.objects.filter(
            service=first, position__gte=position + 1
        ).values_list("value")
    )
    query = CompiledQuery(build)
    assert query.rows(1) == [("a@example.org",)]
    assert query.rows(-1) == [("0800 13 500",), ("https://a.example.org",), ("a@example.org",)]
    assert build.calls == 3  # the stand-in's build, then one per call


def test_past_the_kept_shapes_queries_are_built_at_every_call(services, monkeypatch):
    first, second, third = (service.pk for service in services)
    monkeypatch.setattr(compiled_sql, "MAX_SHAPES", 1)
    build = counting(channels)
    query = CompiledQuery(build)
    query.rows([first])
    assert query.rows([first, second, third]) == list(channels([first, second, third]))
    query.rows([first, second, third])
    assert build.calls == 3  # the kept shape once; the other at each of its two calls


def test_only_values_list_and_model_querysets_and_ids_numbers_dates_or_texts(services):
    with pytest.raises(TypeError):
        CompiledQuery(lambda pk: ContactChannel.objects.filter(pk=pk).values("pk")).rows(1)
    with pytest.raises(TypeError):
        CompiledQuery(lambda: Service.objects.prefetch_related("contact_channels")).rows()
    with pytest.raises(TypeError):
        CompiledQuery(lambda: Service.objects.all()[:2]).rows()
    with pytest.raises(ValueError):
        CompiledQuery(lambda: Service.objects.all()).rows_between(2, 1)
    with pytest.raises(TypeError):
        CompiledQuery(lambda mapping: ContactChannel.objects.values_list("pk")).rows({"a": 1})
    with pytest.raises(TypeError):
        CompiledQuery(lambda flag: ContactChannel.objects.values_list("pk")).rows(True)


def test_a_text_reaches_the_sql(services):
    """A slug (the service page's key) is a parameter like an id: one SQL for every slug."""
    build = counting(lambda slug: Service.objects.filter(slug=slug).values_list("pk"))
    query = CompiledQuery(build)
    for service in services:
        assert query.rows(service.slug) == [(service.pk,)]
    assert query.rows("bestaat-niet") == []
    assert query.rows("it's; -- not sql") == []
    assert build.calls == 1


def test_a_contains_pattern_escapes_each_text_as_django_does(services):
    """``name__contains`` makes "x" into "%x%" with LIKE's special characters escaped: the
    compiled SQL does the same to each text, so "%" finds only names with a "%" in them."""
    first = services[0]
    Service.objects.filter(pk=first.pk).update(name="Hulp_100% gratis \\ echt")

    def named(word):
        return Service.objects.filter(name__contains=word).order_by("pk").values_list("pk")

    build = counting(named)
    query = CompiledQuery(build)
    for word in ["%", "_", "\\", "p_1", "100%", "Hulp", "x%y", "geen"]:
        assert query.rows(word) == list(named(word)), word
    assert query.rows("%") == [(first.pk,)]
    assert build.calls == 1


def test_numbers_and_arrays_reach_the_sql(services):
    """Floats (a search's weights) and a list given as one array parameter (``__overlap``,
    ``= ANY(%s)``), as the search's ranking uses them, compile once per length."""
    from django.db.models import BooleanField, ExpressionWrapper, F, FloatField
    from django.db.models.expressions import RawSQL

    def build(ids, weight):
        listed = RawSQL("directory_service.id = ANY(%s)", (ids,), output_field=BooleanField())
        return (
            Service.objects.annotate(
                listed=listed,
                score=ExpressionWrapper(F("pk") * weight, output_field=FloatField()),
            )
            .filter(listed=True)
            .order_by("pk")
            .values_list("pk", "score")
        )

    counted = counting(build)
    query = CompiledQuery(counted)
    ids = sorted(service.pk for service in services)
    for weight in [0.5, 1.1, -2.0]:
        assert query.rows(ids[:2], weight) == list(build(ids[:2], weight))
    assert query.rows(ids[1:], 0.25) == list(build(ids[1:], 0.25))
    assert counted.calls == 1


def listing():
    """Model objects with a related row, deferred fields and an annotation."""
    return (
        Service.objects.select_related("organization")
        .only("name", "slug", "organization__name")
        .annotate(channel_count=Count("contact_channels"))
        .order_by("name", "pk")
    )


def test_model_rows_are_the_orms_objects_with_their_related_rows(
    services, django_assert_num_queries
):
    expected = list(listing())
    query = CompiledQuery(listing)
    with django_assert_num_queries(1):  # the related rows come with them
        rows = query.rows()
        organizations = [service.organization.name for service in rows]

    assert [(s.pk, s.name, s.slug, s.channel_count) for s in rows] == [
        (s.pk, s.name, s.slug, s.channel_count) for s in expected
    ]
    assert sorted(s.channel_count for s in rows) == [0, 2, 3]
    assert organizations == [service.organization.name for service in expected]
    assert [s.get_deferred_fields() for s in rows] == [s.get_deferred_fields() for s in expected]
    assert all(not s._state.adding and s._state.db == "default" for s in rows)


def test_slices_are_the_querysets_slices_from_one_compiled_query(services):
    build = counting(listing)
    query = CompiledQuery(build)
    for start, stop in [(0, 2), (1, 3), (2, 10), (3, 3), (0, 100)]:
        assert [s.pk for s in query.rows_between(start, stop)] == [
            s.pk for s in listing()[start:stop]
        ]
    assert build.calls == 1


def test_a_slice_writes_its_bounds_into_the_sql(services):
    """As Django does: prepared with parameters, PostgreSQL's generic plan would not know how
    few rows are read, and chose a worse plan for the HSDS list (twice its CPU per page)."""
    query = CompiledQuery(listing)
    with CaptureQueriesContext(connection) as queries:
        query.rows_between(1, 3)
    assert queries[0]["sql"].endswith("LIMIT 2 OFFSET 1")


def test_a_count_runs_the_compiled_sql_up_to_its_limit(services):
    build = counting(channels)
    query = CompiledQuery(build)
    ids = [service.pk for service in services]

    assert query.count_up_to(100, ids) == len(channels(ids))
    assert query.count_up_to(2, ids) == 2
    assert query.count_up_to(100, ids[:1]) == len(channels(ids[:1]))
    assert query.count_up_to(100, [-1, -2, -3]) == 0
    assert build.calls == 2  # one per length of the list


def test_queries_sharing_a_budget_compile_no_more_shapes_than_it_allows(services):
    from directory.compiled_sql import ShapeBudget

    budget = ShapeBudget(1)
    first, second = counting(channels), counting(channels)
    kept, over = CompiledQuery(first, budget), CompiledQuery(second, budget)
    ids = [service.pk for service in services]

    for _ in range(3):
        assert kept.rows(ids) == list(channels(ids))
        assert over.rows(ids) == list(channels(ids))

    assert first.calls == 1  # compiled once
    assert second.calls == 3  # no budget left: built at every call


def test_queries_read_together_give_each_querys_rows_in_one_round_trip(services):
    first, second, third = (service.pk for service in services)
    by_id, everything = CompiledQuery(channels), CompiledQuery(lambda: channels([first, second]))
    names = CompiledQuery(lambda pk: Service.objects.filter(pk=pk).values_list("name"))
    reads = [(by_id, ([first],)), (names, (second,)), (everything, ()), (by_id, ([third],))]
    expected = [query.rows(*values) for query, values in reads]

    with counted_round_trips() as trips, CaptureQueriesContext(connection) as queries:
        together = compiled_sql.read_together(*reads)

    assert together == expected
    assert len(expected[0]) == 3 and expected[3] == []
    assert len(queries) == 4  # still four queries, in a single round trip
    assert len(trips) == 1 and trips[0].count("Execute") == 4


def test_a_query_without_compiled_sql_is_read_on_its_own_beside_the_others(services):
    first, second = services[0], services[1]
    changed = CompiledQuery(
        lambda position: ContactChannel.objects.filter(
            service=first, position__gte=position + 1
        ).values_list("value")
    )
    by_id = CompiledQuery(channels)
    reads = [(by_id, ([second.pk],)), (changed, (1,)), (by_id, ([first.pk],))]
    by_id.rows([second.pk])

    with counted_round_trips() as trips:
        together = compiled_sql.read_together(*reads)

    assert together == [
        list(channels([second.pk])),
        [("a@example.org",)],
        list(channels([first.pk])),
    ]
    assert len(trips) == 2  # the ORM's query, then the two compiled ones together


def test_an_error_in_queries_read_together_is_djangos_error(services):
    broken = CompiledQuery(lambda pk: Service.objects.filter(pk=pk).values_list("name"))
    broken.rows(1)
    shape = next(iter(broken._shapes.values()))
    shape.sql = shape.sql.replace("SELECT", "SELECT 1 / 0,", 1)

    with pytest.raises(DataError):
        compiled_sql.read_together((broken, (services[0].pk,)), (CompiledQuery(channels), ([1],)))
