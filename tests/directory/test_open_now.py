"""Open now on the resident pages: the open_at query, the open_nu filter, cards, service page."""

import datetime

import pytest
from django.urls import reverse

from directory import opening
from directory.listing import Selection
from directory.models import Closure, OpeningHours, Service, ServiceAtLocation
from directory.open_now import HoursProfile

pytestmark = pytest.mark.django_db
BRUSSELS = opening.BRUSSELS
MONDAY_10 = datetime.datetime(2026, 11, 23, 10, tzinfo=BRUSSELS)
MONDAY_18 = datetime.datetime(2026, 11, 23, 18, tzinfo=BRUSSELS)
SUNDAY_10 = datetime.datetime(2026, 11, 22, 10, tzinfo=BRUSSELS)
URL = reverse("directory:service_list")


@pytest.fixture
def now(monkeypatch):
    """Freeze the clock the pages use; returns a function to move it."""

    def set_now(moment):
        monkeypatch.setattr(opening, "brussels_now", lambda: moment.astimezone(BRUSSELS))

    set_now(MONDAY_10)
    return set_now


def hours(weekday=1, opens=9, closes=17, **owner):
    return OpeningHours.objects.create(
        weekday=weekday, opens_at=datetime.time(opens), closes_at=datetime.time(closes), **owner
    )


def closed(day, reason="Feestdag", last_day=None, **scope):
    return Closure.objects.create(start_date=day, end_date=last_day or day, reason=reason, **scope)


def open_names(moment):
    """The services open at ``moment``, the same whether tested one by one or read as a set."""
    one_by_one, as_a_set = (
        set(Service.objects.open_at(moment, few_open=few).values_list("name", flat=True))
        for few in (False, True)
    )
    assert one_by_one == as_a_set
    return one_by_one


@pytest.fixture
def located(make_service, city, make_location):
    """A service whose hours are those of its location (hours that belong to no service)."""
    service = make_service("Op locatie")
    location = make_location(city, "Wijkhuis")
    ServiceAtLocation.objects.create(service=service, location=location)
    hours(location=location)
    return service, location


def test_a_service_is_open_by_its_own_hours(make_service):
    hours(service=make_service("Eigen uren"))
    make_service("Zonder uren")

    assert open_names(MONDAY_10) == {"Eigen uren"}
    assert open_names(MONDAY_18) == set()


def test_a_service_is_open_by_the_hours_of_its_location(located):
    assert open_names(MONDAY_10) == {"Op locatie"}


def test_hours_of_a_location_for_another_service_do_not_count(located, make_service):
    service, location = located
    other = make_service("Andere dienst")
    ServiceAtLocation.objects.create(service=other, location=location)
    OpeningHours.objects.filter(location=location).update(service=service)

    assert open_names(MONDAY_10) == {"Op locatie"}


def test_a_public_holiday_closes_every_service(located, make_service):
    hours(service=make_service("Eigen uren"))
    closed(MONDAY_10.date(), "Wapenstilstand")

    assert open_names(MONDAY_10) == set()
    assert open_names(MONDAY_10 + datetime.timedelta(days=7)) == {"Eigen uren", "Op locatie"}


def test_a_closure_of_a_service_closes_only_that_service(located, make_service):
    own = make_service("Eigen uren")
    hours(service=own)
    closed(MONDAY_10.date(), service=own)

    assert open_names(MONDAY_10) == {"Op locatie"}


def test_a_closure_of_a_location_closes_only_the_hours_there(located, make_service):
    service, location = located
    hours(service=service, location=None, opens=8, closes=12)  # phone hours, not at a place
    hours(service=make_service("Eigen uren"))
    closed(MONDAY_10.date(), "Werken", location=location)

    assert open_names(MONDAY_10) == {"Op locatie", "Eigen uren"}
    assert open_names(MONDAY_10.replace(hour=13)) == {"Eigen uren"}


def test_a_closure_of_one_service_at_a_place_leaves_the_others_there_open(located, make_service):
    service, location = located
    neighbour = make_service("Buur")
    ServiceAtLocation.objects.create(service=neighbour, location=location)
    closed(MONDAY_10.date(), "Verlof", service=neighbour, location=location)

    assert open_names(MONDAY_10) == {"Op locatie"}


def test_a_closure_spanning_several_days_covers_each_of_them(make_service):
    hours(service=make_service("Eigen uren"), weekday=3)
    closed(datetime.date(2026, 11, 20), "Verlof", last_day=datetime.date(2026, 11, 25))

    assert open_names(datetime.datetime(2026, 11, 25, 10, tzinfo=BRUSSELS)) == set()
    assert open_names(datetime.datetime(2026, 12, 2, 10, tzinfo=BRUSSELS)) == {"Eigen uren"}


def test_the_query_reads_brussels_time_from_any_time_zone_across_summer_time(make_service):
    hours(service=make_service("Zondag"), weekday=7, opens=9, closes=12)
    utc = datetime.UTC

    assert open_names(datetime.datetime(2026, 3, 29, 7, 30, tzinfo=utc)) == {"Zondag"}  # 9:30
    assert open_names(datetime.datetime(2026, 10, 25, 7, 30, tzinfo=utc)) == set()  # 8:30


@pytest.mark.parametrize("hour", [7, 9, 11, 12, 13, 16, 17, 20])
def test_the_query_and_the_python_rules_agree(located, make_service, hour):
    service, location = located
    hours(service=service, location=None, opens=12, closes=13)
    closed(MONDAY_10.date(), "Werken", location=location, last_day=MONDAY_10.date())
    moment = MONDAY_10.replace(hour=hour)

    rows = OpeningHours.objects.filter(location=location) | OpeningHours.objects.filter(
        service=service
    )
    status = opening.opening_status(rows, Closure.objects.all(), moment)

    assert ("Op locatie" in open_names(moment)) is status.is_open


def test_the_list_filters_on_open_now(client, now, located, make_service):
    hours(service=make_service("Avonddienst"), opens=18, closes=22)

    response = client.get(URL, {"open_nu": "ja"})

    assert [s.name for s in response.context["page_obj"]] == ["Op locatie"]
    assert "Nu open" in [chip.label for chip in response.context["filter"].chips]

    now(MONDAY_18)
    response = client.get(URL, {"open_nu": "ja"})
    assert [s.name for s in response.context["page_obj"]] == ["Avonddienst"]


def test_the_open_now_box_is_a_labelled_checkbox_that_stays_ticked(client, now, located):
    html = client.get(URL, {"open_nu": "ja"}).content.decode()

    assert 'name="open_nu" value="ja" id="id_open_nu" checked' in html
    assert '<label for="id_open_nu">Nu open</label>' in html


def test_a_wrong_open_now_value_gives_a_message_and_no_filter(client, now, located, make_service):
    make_service("Zonder uren")

    response = client.get(URL, {"open_nu": "misschien"})

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 2
    assert any("misschien" in message for message in response.context["filter"].notices)


def test_cards_say_open_or_closed_and_nothing_without_hours(client, now, located, make_service):
    hours(service=make_service("Avonddienst"), opens=18, closes=22)
    make_service("Zonder uren")

    html = client.get(URL).content.decode()
    cards = {
        card.split("</a></h3>")[0].rsplit(">", 1)[1]: card
        for card in html.split('<article class="service-card">')[1:]
    }

    assert '<p class="opening-status is-open">Nu open</p>' in cards["Op locatie"]
    assert '<p class="opening-status">Nu gesloten</p>' in cards["Avonddienst"]
    assert '<p class="opening-status is-unknown">Uren onbekend</p>' in cards["Zonder uren"]
    assert "gesloten" not in cards["Zonder uren"].lower()


@pytest.mark.parametrize("hour", [7, 8, 9, 11, 12, 13, 16, 17, 20])
def test_every_card_agrees_with_the_open_now_filter(client, now, located, make_service, hour):
    """The cards' status is worked out in Python for a page of services (one query), the
    filter "Nu open" in SQL: the same services must be open by both."""
    service, location = located
    hours(service=service, location=None, opens=12, closes=13)
    sharing = make_service("Deelt de plek")  # own hours at a place where the other's hours are
    ServiceAtLocation.objects.create(service=sharing, location=location)
    hours(service=sharing, location=location, opens=7, closes=8)
    hours(service=make_service("Elders"), opens=13, closes=20)
    closed_always = make_service("Dag en nacht, vandaag dicht", always_open=True)
    closed(MONDAY_10.date(), "Verlof", service=closed_always)
    make_service("Dag en nacht", always_open=True)
    make_service("Zonder uren")
    closed(MONDAY_10.date(), "Werken", location=location)
    moment = MONDAY_10.replace(hour=hour)
    now(moment)

    html = client.get(URL).content.decode()
    cards = {
        card.split("</a></h3>")[0].rsplit(">", 1)[1]: card
        for card in html.split('<article class="service-card">')[1:]
    }

    said_open = {name for name, card in cards.items() if 'class="opening-status is-open"' in card}
    assert said_open == open_names(moment)
    assert len(cards) == 6
    assert "Uren onbekend" in cards["Zonder uren"]


def test_the_service_page_says_until_when_and_when_it_opens_next(client, now, located):
    service, location = located
    hours(location=location, weekday=2)
    url = service.get_absolute_url()

    html = client.get(url).content.decode()
    assert html.count('<p class="opening-status is-open">Nu open tot 17u</p>') == 2  # page, place

    now(MONDAY_18)
    html = client.get(url).content.decode()
    assert '<p class="opening-status">Gesloten, opent morgen om 9u</p>' in html


def test_the_service_page_names_a_holiday(client, now, located):
    service, _ = located
    closed(MONDAY_10.date(), "Wapenstilstand")

    html = client.get(service.get_absolute_url()).content.decode()

    assert "Gesloten (Wapenstilstand), opent op 30 november om 9u" in html


def test_the_service_page_still_lists_all_opening_hours(client, now, located):
    service, _ = located
    hours(service=service, location=None, weekday=2, opens=13, closes=16)

    html = client.get(service.get_absolute_url()).content.decode()

    assert "<dt>Maandag</dt>" in html and "09:00–17:00" in html
    assert "<dt>Dinsdag</dt>" in html and "13:00–16:00" in html


def evening_hours(services):
    """Two of the services in Gent (odd numbers) open in the evening: few open at 18u."""
    for service in services[1:4:2]:
        hours(service=service, opens=17, closes=20)


@pytest.mark.parametrize("moment, listed", [(MONDAY_10, 17), (MONDAY_18, 2)], ids=["busy", "quiet"])
def test_the_open_now_list_stays_within_the_query_budget(
    client, now, many_services, django_assert_max_num_queries, moment, listed
):
    """Read one by one at a busy moment, as a set at a quiet one (listing.FEW_OPEN_SHARE)."""
    closed(MONDAY_10.date(), "Werken", location=many_services[0].locations.first())
    evening_hours(many_services)
    now(moment)

    with django_assert_max_num_queries(8):
        response = client.get(URL, {"open_nu": "ja", "stad": "gent", "tolk": "ja", "q": "dienst"})

    assert response.context["page_obj"].paginator.count == listed


def test_the_list_reads_the_open_services_as_a_set_when_few_are_open(many_services):
    evening_hours(many_services)

    def read_as_a_set(moment):
        return Selection(open_at=moment).with_open_now_strategy().few_open

    assert not read_as_a_set(MONDAY_10)  # the 35 rows open at the busiest moment
    assert read_as_a_set(MONDAY_18)  # 2 rows
    assert read_as_a_set(SUNDAY_10)  # none


def test_the_hours_profile_counts_the_rows_open_at_a_moment():
    nine, noon, five = datetime.time(9), datetime.time(12), datetime.time(17)
    profile = HoursProfile(
        [(1, nine, five, 30), (1, noon, datetime.time(20), 10), (2, nine, noon, 5)]
    )

    assert profile.change_times == {nine, noon, five, datetime.time(20)}
    assert profile.busiest == 40  # Monday from 12u to 17u
    assert profile.open_rows(MONDAY_10) == 30
    assert profile.open_rows(MONDAY_10.replace(hour=17)) == 10  # closed at its closing time
    assert profile.open_share(MONDAY_18) == 10 / 40
    assert profile.open_share(SUNDAY_10) == 0
    assert HoursProfile([]).open_share(MONDAY_10) == 0


def test_the_service_page_reads_hours_and_closures_in_one_query(
    client, now, full_service, django_assert_max_num_queries
):
    closed(MONDAY_10.date(), "Wapenstilstand")
    client.get(full_service.get_absolute_url())  # the woordenboek terms are cached from here

    with django_assert_max_num_queries(8):
        response = client.get(full_service.get_absolute_url())

    assert "Gesloten (Wapenstilstand)" in response.content.decode()


def test_an_editor_can_add_a_closure_in_the_admin(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:directory_closure_add"),
        {"reason": "Kerstmis", "start_date": "2026-12-25", "end_date": "2026-12-25"},
    )

    assert response.status_code == 302
    assert str(Closure.objects.get()) == "Kerstmis (25-12-2026)"


def test_a_closure_cannot_end_before_it_starts(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:directory_closure_add"),
        {"reason": "Fout", "start_date": "2026-12-25", "end_date": "2026-12-24"},
    )

    assert response.status_code == 200
    assert "De laatste dag ligt vóór de eerste dag." in response.content.decode()
