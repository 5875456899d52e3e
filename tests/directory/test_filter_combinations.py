"""Every pair of filters on /diensten/ combines as AND: only services meeting both are listed."""

import itertools

import pytest
from django.urls import reverse

from directory.models import Service

# filter: (value sent, fields of a service that matches, fields of one that does not)
SPECS = {
    "probleem": ("stress", {"problems": "stress"}, {}),
    "stad": ("gent", {"cities": "gent"}, {"cities": "aalst"}),
    "wijk": ("gent-rabot", {"neighbourhoods": "rabot"}, {"neighbourhoods": "ledeberg"}),
    "soort": ("hulplijn", {"kind": Service.Kind.HELPLINE}, {"kind": Service.Kind.OTHER}),
    "gratis": ("ja", {"cost": Service.Cost.FREE}, {"cost": Service.Cost.OTHER}),
    "zonder_doorverwijzing": ("ja", {"referral_required": False}, {"referral_required": True}),
    "tolk": ("ja", {"interpreter_available": True}, {"interpreter_available": False}),
    "huisbezoek": ("ja", {"home_visits": True}, {"home_visits": False}),
    "leeftijd": ("15", {"age_groups": "youth"}, {"age_groups": "adults"}),
    "taal": ("ar", {"languages": "language"}, {}),
    "q": ("schuldhulp", {"summary": "Schuldhulp voor iedereen."}, {"summary": "Een gesprek."}),
}
# A service for the whole city serves each of its neighbourhoods, so "in the city but not in
# the neighbourhood" cannot exist; that pair is covered in test_service_list.py. Likewise a
# service with interpreters counts for every language: test_language_filter.py covers tolk+taal.
COUPLED = [{"stad", "wijk"}, {"tolk", "taal"}]
PAIRS = [pair for pair in itertools.combinations(SPECS, 2) if set(pair) not in COUPLED]


@pytest.fixture
def related(make_problem, city, other_city, make_neighbourhood, youth, adults, language):
    return {
        "stress": [make_problem("Stress", slug="stress")],
        "gent": [city],
        "aalst": [other_city],
        "rabot": [make_neighbourhood(city, "Rabot")],
        "ledeberg": [make_neighbourhood(city, "Ledeberg")],
        "youth": [youth],
        "adults": [adults],
        "language": [language],
    }


@pytest.fixture
def make(make_service, related):
    def make(name, *field_sets):
        fields = {key: value for field_set in field_sets for key, value in field_set.items()}
        fields = {key: related.get(value, value) for key, value in fields.items()}
        later = {key: fields.pop(key) for key in ("age_groups", "languages") if key in fields}
        service = make_service(name, **fields)
        for key, values in later.items():
            getattr(service, key).set(values)

    return make


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=["+".join(pair) for pair in PAIRS])
def test_two_filters_together_keep_only_services_meeting_both(client, make, first, second):
    (first_value, first_yes, first_no), (second_value, second_yes, second_no) = (
        SPECS[first],
        SPECS[second],
    )
    make("Beide", first_yes, second_yes)
    make("Alleen de eerste", first_yes, second_no)
    make("Alleen de tweede", first_no, second_yes)

    response = client.get(
        reverse("directory:service_list"), {first: first_value, second: second_value}
    )

    assert [service.name for service in response.context["page_obj"]] == ["Beide"]
    assert response.context["filter"].notices == []
