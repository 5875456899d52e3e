"""directory.opening: open now, and when it opens next, in Brussels time."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import translation

from directory.opening import BRUSSELS, next_change, opening_status, short_time

UTC = datetime.UTC
MON, TUE, WED, THU, FRI, SAT, SUN = range(1, 8)


@dataclass
class Period:
    weekday: int
    opens_at: datetime.time
    closes_at: datetime.time
    location_id: int | None = None


@dataclass
class Closure:
    start_date: datetime.date
    end_date: datetime.date
    reason: str = "Feestdag"
    location_id: int | None = None


def hours(weekday, opens, closes, location_id=None):
    return Period(weekday, datetime.time(*opens), datetime.time(*closes), location_id)


def brussels(*args):
    return datetime.datetime(*args, tzinfo=BRUSSELS)


WEEKDAYS_9_TO_17 = [hours(day, (9,), (17,)) for day in (MON, TUE, WED, THU, FRI)]


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def label(periods, now, closures=()):
    return opening_status(periods, closures, now).label


def test_without_opening_hours_there_is_no_status():
    assert opening_status([], [], brussels(2026, 11, 23, 10)) is None


def test_during_opening_hours_it_says_until_when():
    status = opening_status(WEEKDAYS_9_TO_17, [], brussels(2026, 11, 23, 10))

    assert status.is_open
    assert status.label == "Nu open tot 17u"


def test_opening_time_is_open_and_closing_time_is_closed():
    assert opening_status(WEEKDAYS_9_TO_17, [], brussels(2026, 11, 23, 9)).is_open
    assert not opening_status(WEEKDAYS_9_TO_17, [], brussels(2026, 11, 23, 17)).is_open


def test_before_opening_it_opens_today():
    assert label(WEEKDAYS_9_TO_17, brussels(2026, 11, 23, 8, 15)) == "Gesloten, opent vandaag om 9u"


def test_after_closing_it_opens_tomorrow():
    assert label(WEEKDAYS_9_TO_17, brussels(2026, 11, 23, 18)) == "Gesloten, opent morgen om 9u"


def test_on_friday_evening_it_opens_on_monday():
    friday_evening = brussels(2026, 11, 27, 17, 30)

    assert label(WEEKDAYS_9_TO_17, friday_evening) == "Gesloten, opent maandag om 9u"


def test_a_lunch_break_gives_the_afternoon_opening_today():
    periods = [hours(MON, (9,), (12,)), hours(MON, (13, 30), (16,))]

    assert label(periods, brussels(2026, 11, 23, 12, 30)) == "Gesloten, opent vandaag om 13u30"
    assert label(periods, brussels(2026, 11, 23, 14)) == "Nu open tot 16u"


def test_periods_that_follow_on_count_as_one():
    periods = [hours(MON, (12,), (17,)), hours(MON, (9,), (12,))]

    assert label(periods, brussels(2026, 11, 23, 10)) == "Nu open tot 17u"


def test_just_before_midnight_it_opens_tomorrow_and_just_after_it_opens_today():
    periods = [hours(MON, (9,), (17,))]

    assert label(periods, brussels(2026, 11, 22, 23, 59)) == "Gesloten, opent morgen om 9u"
    assert label(periods, brussels(2026, 11, 23, 0, 1)) == "Gesloten, opent vandaag om 9u"


def test_a_period_until_midnight_is_open_until_its_last_minute():
    periods = [hours(SAT, (20,), (23, 59))]

    assert label(periods, brussels(2026, 11, 28, 23, 58)) == "Nu open tot 23u59"


@pytest.mark.parametrize(
    ("utc_time", "is_open", "expected"),
    [
        # Saturday 28 March 2026, winter time (UTC+1): 7:30 UTC is 8:30 in Brussels.
        (datetime.datetime(2026, 3, 28, 7, 30, tzinfo=UTC), False, "Gesloten, opent vandaag om 9u"),
        # Sunday 29 March 2026, summer time (UTC+2): 7:30 UTC is 9:30 in Brussels.
        (datetime.datetime(2026, 3, 29, 7, 30, tzinfo=UTC), True, "Nu open tot 12u"),
        # Sunday 29 March 2026, 9:59 UTC is 11:59 in Brussels; 10:00 UTC is noon: closed.
        (datetime.datetime(2026, 3, 29, 9, 59, tzinfo=UTC), True, "Nu open tot 12u"),
        (datetime.datetime(2026, 3, 29, 10, tzinfo=UTC), False, "Gesloten, opent zaterdag om 9u"),
    ],
)
def test_summer_time_starts_on_the_last_sunday_of_march(utc_time, is_open, expected):
    periods = [hours(SAT, (9,), (12,)), hours(SUN, (9,), (12,))]

    status = opening_status(periods, [], utc_time)

    assert (status.is_open, status.label) == (is_open, expected)


@pytest.mark.parametrize(
    ("utc_time", "is_open"),
    [
        # Saturday 24 October 2026, summer time (UTC+2): 7:30 UTC is 9:30 in Brussels.
        (datetime.datetime(2026, 10, 24, 7, 30, tzinfo=UTC), True),
        # Sunday 25 October 2026, winter time (UTC+1): 7:30 UTC is 8:30 in Brussels.
        (datetime.datetime(2026, 10, 25, 7, 30, tzinfo=UTC), False),
        (datetime.datetime(2026, 10, 25, 8, 0, tzinfo=UTC), True),
    ],
)
def test_winter_time_starts_on_the_last_sunday_of_october(utc_time, is_open):
    periods = [hours(SAT, (9,), (12,)), hours(SUN, (9,), (12,))]

    assert opening_status(periods, [], utc_time).is_open is is_open


def test_the_hour_that_happens_twice_in_october_is_handled():
    periods = [hours(SUN, (2,), (3,))]
    first = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 2:30 summer time
    second = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 2:30 winter time

    assert opening_status(periods, [], first).is_open
    assert opening_status(periods, [], second).is_open


def test_the_next_opening_across_the_change_to_summer_time_is_in_summer_time():
    status = opening_status([hours(SUN, (9,), (12,))], [], brussels(2026, 3, 28, 20))

    assert status.label == "Gesloten, opent morgen om 9u"
    assert status.next_opening.utcoffset() == datetime.timedelta(hours=2)
    assert status.next_opening.astimezone(UTC).hour == 7


def test_a_public_holiday_closes_everything_and_gives_its_reason():
    christmas = Closure(datetime.date(2026, 12, 25), datetime.date(2026, 12, 25), "Kerstmis")

    status = opening_status(WEEKDAYS_9_TO_17, [christmas], brussels(2026, 12, 25, 10))

    assert not status.is_open
    assert status.label == "Gesloten (Kerstmis), opent maandag om 9u"


def test_a_closure_of_several_weeks_gives_the_date_of_reopening():
    holiday = Closure(datetime.date(2026, 7, 1), datetime.date(2026, 7, 31), "Zomervakantie")

    assert (
        label(WEEKDAYS_9_TO_17, brussels(2026, 7, 10, 10), [holiday])
        == "Gesloten (Zomervakantie), opent op 3 augustus om 9u"
    )


def test_a_closure_of_one_location_leaves_the_other_locations_open():
    periods = [hours(MON, (9,), (17,), location_id=1), hours(MON, (13,), (16,), location_id=2)]
    works = Closure(datetime.date(2026, 11, 23), datetime.date(2026, 11, 23), "Werken", 1)

    status = opening_status(periods, [works], brussels(2026, 11, 23, 10))

    assert status.label == "Gesloten, opent vandaag om 13u"
    assert status.closed_for == ""


def test_when_closed_beyond_the_horizon_it_only_says_closed():
    holiday = Closure(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "Verbouwing")

    assert label(WEEKDAYS_9_TO_17, brussels(2026, 6, 1, 10), [holiday]) == ("Gesloten (Verbouwing)")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(datetime.time(9), "9u"), (datetime.time(13, 30), "13u30"), (datetime.time(8, 5), "8u05")],
)
def test_times_are_written_the_flemish_way(value, expected):
    assert short_time(value) == expected


NINE, NOON, FIVE = datetime.time(9), datetime.time(12), datetime.time(17)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (brussels(2026, 11, 23, 8, 59, 59), brussels(2026, 11, 23, 9)),
        (brussels(2026, 11, 23, 9), brussels(2026, 11, 23, 12)),
        (brussels(2026, 11, 23, 13, 30), brussels(2026, 11, 23, 17)),
        (brussels(2026, 11, 23, 17, 0, 1), brussels(2026, 11, 24, 0)),
    ],
)
def test_the_next_change_is_the_next_opening_or_closing_time_or_midnight(now, expected):
    assert next_change([FIVE, NINE, NOON], now) == expected


def test_a_status_stays_the_same_until_the_next_change():
    periods = [hours(MON, (9,), (12,)), hours(MON, (13,), (17,)), hours(TUE, (9,), (17,))]
    times = {time for period in periods for time in (period.opens_at, period.closes_at)}
    moment = brussels(2026, 11, 23, 6)
    while moment < brussels(2026, 11, 25):
        until = next_change(times, moment)
        just_before = until - datetime.timedelta(seconds=1)
        assert label(periods, just_before) == label(periods, moment), moment
        moment = until


def test_the_next_change_is_in_brussels_time():
    utc_evening = datetime.datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 23:30 in Brussels

    assert next_change([NINE], utc_evening) == brussels(2026, 11, 24, 0)
