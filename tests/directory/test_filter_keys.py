"""The list's tick boxes, alone and with a city, found through the stored filter keys
(ServiceQuerySet.meeting, migration 0018) keep exactly the services the boxes' own conditions
keep, also after writes that skip Django's signals."""

import itertools

import pytest
from django.urls import reverse

from directory import listing
from directory.models import Service
from directory.models.service_queries import TICK_BOXES

pytestmark = pytest.mark.django_db

COSTS = [Service.Cost.FREE, Service.Cost.PER_SESSION]
ANSWERS = [None, True, False]  # "onbekend", yes, no
BOX_SETS = [
    boxes
    for size in range(1, len(TICK_BOXES) + 1)
    for boxes in itertools.combinations(TICK_BOXES, size)
]


def meets(service, boxes, city) -> bool:
    """What a resident means by the boxes, written out for one service."""
    wanted = {
        "gratis": service.cost == Service.Cost.FREE,
        "zonder_doorverwijzing": service.referral_required is False,
        "tolk": service.interpreter_available is True,
        "huisbezoek": service.home_visits is True,
    }
    in_city = city is None or city.pk in set(service.search_city_ids or ())
    return in_city and all(wanted[box] for box in boxes)


@pytest.fixture
def services(make_service, make_neighbourhood, city, other_city):
    """Every mix of answers to the four boxes, serving no city, a whole city, a neighbourhood
    of it, or both cities."""
    rabot = make_neighbourhood(city, "Rabot")
    areas = [{}, {"cities": [city]}, {"neighbourhoods": [rabot]}, {"cities": [city, other_city]}]
    made = []
    mixes = itertools.product(COSTS, ANSWERS, ANSWERS, ANSWERS)
    for number, (cost, referral, interpreter, home) in enumerate(mixes):
        made.append(
            make_service(
                cost=cost,
                referral_required=referral,
                interpreter_available=interpreter,
                home_visits=home,
                **areas[number % len(areas)],
            )
        )
    return list(Service.objects.filter(pk__in=[s.pk for s in made]))


def test_the_keys_keep_what_the_boxes_conditions_keep(services, city, other_city):
    for boxes, place in itertools.product(BOX_SETS, (None, city, other_city)):
        expected = {s.pk for s in services if meets(s, boxes, place)}
        by_key = Service.objects.meeting(boxes, place)
        by_row = Service.objects.meeting(boxes, place, by_key=False)

        assert "search_filter_keys" in str(by_key.query)
        assert set(by_key.values_list("pk", flat=True)) == expected, (boxes, place)
        assert set(by_row.values_list("pk", flat=True)) == expected, (boxes, place)


def test_the_keys_follow_updates_that_skip_signals(make_service, city):
    service = make_service(cost=Service.Cost.FREE, interpreter_available=False, cities=[city])
    free_with_interpreter = Service.objects.meeting(["gratis", "tolk"], city)
    assert not free_with_interpreter.exists()

    Service.objects.filter(pk=service.pk).update(interpreter_available=True)
    assert list(free_with_interpreter.all()) == [service]

    Service.objects.filter(pk=service.pk).update(cost=Service.Cost.OTHER)
    assert not free_with_interpreter.all().exists()
    assert list(Service.objects.meeting(["tolk"], city)) == [service]


def test_the_keys_follow_the_cities_a_service_serves(make_service, city, other_city):
    service = make_service(cost=Service.Cost.FREE, cities=[city])
    assert list(Service.objects.meeting(["gratis"], city)) == [service]
    assert not Service.objects.meeting(["gratis"], other_city).exists()

    service.serves_cities.set([other_city])

    assert not Service.objects.meeting(["gratis"], city).exists()
    assert list(Service.objects.meeting(["gratis"], other_city)) == [service]


@pytest.mark.parametrize("walks_problem_sets", [False, True])
def test_a_searched_list_with_boxes_and_a_city_keeps_only_what_fits(
    client, make_service, make_problem, city, other_city, monkeypatch, walks_problem_sets
):
    """Through the page, for a text search and a search by a problem type: scoring every match
    (few services left by the other choices) finds them through the keys, the sets' walk (many
    left) tests the boxes on each row."""
    if walks_problem_sets:
        monkeypatch.setattr(listing, "SCORE_EVERY_MATCH_UP_TO", 0)
    debts = make_problem("Schulden", slug="schulden")
    fitting = {"cost": Service.Cost.FREE, "interpreter_available": True, "cities": [city]}
    unfitting = {
        "Woonhulp betalend": {"cost": Service.Cost.PER_SESSION},
        "Woonhulp zonder tolk": {"interpreter_available": False},
        "Woonhulp in Aalst": {"cities": [other_city]},
    }
    for name, change in {"Woonhulp past": {}, **unfitting}.items():
        make_service(name, summary="Hulp bij je woning.", problems=[debts], **fitting | change)

    for words in ("woning", "schulden", "schulden woonhulp"):
        response = client.get(
            reverse("directory:service_list"),
            {"q": words, "stad": city.slug, "gratis": "ja", "tolk": "ja"},
        )
        assert [s.name for s in response.context["page_obj"]] == ["Woonhulp past"], words
        selection = response.context["filter"].selection().with_ranking_strategy()
        assert selection.walks_problem_sets is (walks_problem_sets and words != "woning")
