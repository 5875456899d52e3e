"""directory.one_statement: a row and the queries keyed on it as one statement, each part's rows
the same as reading the queries one by one."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import CharField, F, IntegerField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Now

from directory import one_statement
from directory.compiled_sql import CompiledQuery
from directory.models import Closure, ContactChannel, OpeningHours, Service, ServiceAtLocation
from directory.one_statement import read_row_and_followers
from tests.round_trips import counted_round_trips

# The service page's row: its shown columns, the organisation's and the successor's.
SERVICE = CompiledQuery(lambda slug: Service.objects.with_detail_fields("nl").filter(slug=slug))
CHANNELS = CompiledQuery(
    lambda service_id: ContactChannel.objects.filter(service_id=service_id).order_by("-pk")
)
# Places with their decimal coordinates, uuids and a text with a per cent sign written in the
# SQL ("%%" for psycopg), and the service's id in a second place.
PLACES = CompiledQuery(
    lambda service_id: (
        ServiceAtLocation.objects.filter(service_id=service_id)
        .select_related("location")
        .annotate(
            per_cent=RawSQL("'100%%'", (), output_field=CharField()),
            same_service=RawSQL("%s", (service_id,), output_field=IntegerField()),
        )
        .order_by("location__name")
    )
)
# Hours (times) and closures (dates, and a value of their own), the service's id twice each.
HOURS = CompiledQuery(
    lambda service_id: (
        OpeningHours.objects.filter(
            Q(service_id=service_id) | Q(location__services=service_id, service__isnull=True)
        )
        .values_list("pk", "weekday", "opens_at", "closes_at")
        .order_by("pk")
    )
)
CLOSURES = CompiledQuery(
    lambda service_id, day: (
        Closure.objects.filter(end_date__gte=day)
        .filter(Q(service_id=service_id) | Q(location__services=service_id))
        .values_list("start_date", "end_date", "reason")
        .order_by("start_date")
    )
)


@pytest.fixture
def service(full_service, make_location, city):
    full_service.cost_per_session = Decimal("11.50")
    full_service.save()
    place = make_location(
        city, "Tweede plaats", latitude=Decimal("51.054300"), longitude=Decimal("3.717400")
    )
    ServiceAtLocation.objects.create(service=full_service, location=place, note="Op vrijdag")
    OpeningHours.objects.create(
        service=full_service, weekday=4, opens_at=datetime.time(9, 30), closes_at=datetime.time(17)
    )
    Closure.objects.create(
        service=full_service,
        start_date=datetime.date(2026, 12, 24),
        end_date=datetime.date(2026, 12, 26),
        reason="Kerst",
    )
    return full_service


def read_one_by_one(slug, day):
    found = SERVICE.rows(slug)
    key = found[0].pk
    return found, [CHANNELS.rows(key), PLACES.rows(key), HOURS.rows(key), CLOSURES.rows(key, day)]


def followers_on(day):
    return [(CHANNELS, (0,)), (PLACES, (0,)), (HOURS, (0,)), (CLOSURES, (0, day))]


def values(rows):
    return [
        {k: v for k, v in vars(row).items() if not k.startswith("_")}
        if hasattr(row, "_state")
        else row
        for row in rows
    ]


def test_the_row_and_each_followers_rows_are_those_read_one_by_one(service, make_service):
    make_service("Een andere dienst")  # its rows must stay out
    day = datetime.date(2026, 12, 1)
    expected, expected_followers = read_one_by_one(service.slug, day)

    with counted_round_trips() as trips:
        found, followers = read_row_and_followers((SERVICE, (service.slug,)), followers_on(day))

    assert len(trips) == 1 and trips[0].count("Execute") == 1
    assert values(found) == values(expected)
    assert found[0].organization.name == expected[0].organization.name
    for rows, expected_rows in zip(followers, expected_followers, strict=True):
        assert values(rows) == values(expected_rows)
    channels, places, hours, closures = followers
    assert [channel.value for channel in channels] == [
        "https://www.caw.be", "onthaal.gent@example.be", "0800 13 500"
    ]  # fmt: skip
    assert found[0].cost_per_session == Decimal("11.50")
    assert [(place.location.latitude, place.per_cent) for place in places] == [
        (None, "100%"), (Decimal("51.054300"), "100%")
    ]  # fmt: skip
    assert {place.same_service for place in places} == {service.pk}
    assert (4, datetime.time(9, 30), datetime.time(17)) in [row[1:] for row in hours]
    assert closures == [(datetime.date(2026, 12, 24), datetime.date(2026, 12, 26), "Kerst")]


def test_a_followers_own_values_still_count(service):
    _, (*_, closures) = read_row_and_followers(
        (SERVICE, (service.slug,)), followers_on(datetime.date(2027, 1, 1))
    )

    assert closures == []


def test_without_a_row_there_are_no_followers_rows(service, django_assert_num_queries):
    with django_assert_num_queries(1):
        found, followers = read_row_and_followers(
            (SERVICE, ("bestaat-niet",)), [(CHANNELS, (0,)), (PLACES, (0,))]
        )

    assert found == [] and followers is None


def test_a_first_row_with_a_column_it_cannot_turn_back_is_read_as_before(
    service, django_assert_num_queries
):
    every_column = CompiledQuery(lambda slug: Service.objects.filter(slug=slug))

    with django_assert_num_queries(2):
        found, (channels,) = read_row_and_followers(
            (every_column, (service.slug,)), [(CHANNELS, (0,))]
        )

    assert found[0].search_document  # a full-text vector, which JSON would not bring back
    assert len(channels) == 3


def test_a_part_whose_columns_it_cannot_turn_back_is_read_as_before(
    service, django_assert_num_queries
):
    stamped = CompiledQuery(
        lambda service_id: (
            ContactChannel.objects.filter(service_id=service_id)
            .annotate(read_at=Now(), kind_again=F("kind"))
            .order_by("pk")
        )
    )

    with django_assert_num_queries(3):  # the row, then both followers in one round trip
        found, (channels, places) = read_row_and_followers(
            (SERVICE, (service.slug,)), [(stamped, (0,)), (PLACES, (0,))]
        )

    assert found[0].pk == service.pk
    assert [channel.kind_again for channel in channels] == [
        channel.kind for channel in ContactChannel.objects.filter(service=service).order_by("pk")
    ]
    assert all(isinstance(channel.read_at, datetime.datetime) for channel in channels)
    assert len(places) == 2


def test_each_set_of_queries_is_worked_out_once(service, monkeypatch):
    made = []
    statement = one_statement._Statement
    monkeypatch.setattr(one_statement, "_statements", {})
    monkeypatch.setattr(
        one_statement, "_Statement", lambda *shapes: made.append(shapes) or statement(*shapes)
    )
    for _ in range(3):
        read_row_and_followers((SERVICE, (service.slug,)), [(CHANNELS, (0,))])
        read_row_and_followers((SERVICE, (service.slug,)), [(CHANNELS, (0,)), (PLACES, (0,))])

    assert len(made) == 2
