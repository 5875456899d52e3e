"""Getting there: a route link per address, the nearest stop, and "dichtbij eerst"."""

import pytest
from django.urls import reverse

from directory.distance import haversine_km, known_postcodes, place_for
from directory.listing import NearestFirst, Selection, card_services, listed_services
from directory.models import Location, Service, ServiceAtLocation

pytestmark = pytest.mark.django_db
URL = reverse("directory:service_list")


def names(response):
    return [service.name for service in response.context["page_obj"].object_list]


def at(service, city, name, latitude=None, longitude=None, **fields):
    location = Location.objects.create(
        city=city,
        name=name,
        slug=name.lower().replace(" ", "-"),
        latitude=latitude,
        longitude=longitude,
        **fields,
    )
    ServiceAtLocation.objects.create(service=service, location=location)
    return location


def test_a_location_with_coordinates_links_a_route_to_them(city):
    location = Location(name="Onthaal", city=city, latitude="51.054300", longitude="3.717400")

    assert location.directions_url == (
        "https://www.openstreetmap.org/directions?to=51.054300%2C3.717400"
    )


def test_a_location_without_coordinates_links_a_route_to_its_address(city):
    location = Location(name="Onthaal", city=city, address="Werf 9", postcode="9000")

    assert location.directions_url == (
        "https://www.openstreetmap.org/directions?to=Werf+9%2C+9000+Gent"
    )


def test_the_service_page_shows_the_route_link_and_the_stop(client, make_service, city):
    service = make_service("CAW")
    at(
        service,
        city,
        "Onthaal Dampoort",
        "51.056000",
        "3.740000",
        address="Dampoortstraat 1 <b>",
        transit_stop="Gent Dampoort (tram 1)",
    )

    html = client.get(service.get_absolute_url()).content.decode()

    assert (
        '<a href="https://www.openstreetmap.org/directions?to=51.056000%2C3.740000" '
        'rel="noreferrer">Route op OpenStreetMap'
    ) in html
    assert '<span class="visually-hidden"> naar Onthaal Dampoort</span>' in html
    assert "<li>Halte: Gent Dampoort (tram 1)</li>" in html
    assert "Dampoortstraat 1 &lt;b&gt;" in html


def test_the_service_page_loads_no_map_and_no_third_party_resource(client, make_service, city):
    service = make_service("CAW")
    at(service, city, "Onthaal", "51.056000", "3.740000")

    html = client.get(service.get_absolute_url()).content.decode()

    for tag in ("<script", "<iframe", "<img"):
        assert tag not in html
    assert "tile.openstreetmap.org" not in html


def test_the_distance_between_gent_and_aalst_is_about_26_km_as_the_crow_flies():
    gent, aalst = place_for("9000"), place_for("9300")

    assert haversine_km(gent.latitude, gent.longitude, aalst.latitude, aalst.longitude) == (
        pytest.approx(26, abs=1)
    )


def test_every_postcode_of_gent_and_aalst_is_known():
    assert set(known_postcodes()) == {
        *("9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"),
        *("9300", "9308", "9310", "9320"),
    }


@pytest.fixture
def spread(make_service, city, other_city):
    far = make_service("Aalst")
    at(far, other_city, "Werf", "50.938600", "4.040100")
    near = make_service("Dampoort")
    at(near, city, "Dampoort", "51.056000", "3.740000")
    both = make_service("Twee plaatsen")
    at(both, other_city, "Aalst station", "50.942000", "4.038000")
    at(both, city, "Zwijnaarde", "51.004000", "3.712000")
    make_service("Zonder adres")
    return far, near, both


def test_near_me_sorts_by_the_nearest_location_and_puts_unknown_places_last(client, spread):
    assert names(client.get(URL, {"dichtbij": "9000"})) == [
        "Dampoort",
        "Twee plaatsen",
        "Aalst",
        "Zonder adres",
    ]
    assert names(client.get(URL, {"dichtbij": "9300"})) == [
        "Aalst",
        "Twee plaatsen",
        "Dampoort",
        "Zonder adres",
    ]


def test_the_database_distance_matches_the_python_distance(spread):
    gent = place_for("9000")

    found = {s.name: s.distance_km for s in Service.objects.nearest_to(gent)}

    assert found["Dampoort"] == pytest.approx(haversine_km(51.0543, 3.7174, 51.056, 3.74), 1e-6)
    assert found["Zonder adres"] is None


def test_cards_show_the_distance_in_dutch(client, spread):
    html = client.get(URL, {"dichtbij": "9000"}).content.decode()

    assert '<p class="distance">Ongeveer 1,6 km</p>' in html
    assert html.count('class="distance"') == 3


def test_without_a_postcode_cards_show_no_distance(client, spread):
    assert "distance" not in client.get(URL).content.decode()


def test_near_me_keeps_the_other_filters(client, spread, city):
    assert names(client.get(URL, {"dichtbij": "9300", "q": "Dampoort"})) == ["Dampoort"]


@pytest.mark.parametrize("postcode", ["1000", "abcd", "90000", "<b>"])
def test_an_unknown_postcode_is_explained_and_the_list_stays_by_name(client, spread, postcode):
    response = client.get(URL, {"dichtbij": postcode})

    assert response.status_code == 200
    assert names(response) == ["Aalst", "Dampoort", "Twee plaatsen", "Zonder adres"]
    assert any("postcode" in message for message in response.context["filter"].notices)
    assert "<b>" not in response.content.decode().split("<main", 1)[1]


def test_the_postcode_field_is_labelled_and_shows_as_a_chip(client, spread):
    response = client.get(URL, {"dichtbij": "9000"})
    html = response.content.decode()

    assert '<label for="id_dichtbij">Dichtbij eerst: je postcode</label>' in html
    assert 'autocomplete="postal-code"' in html
    chips = [chip.label for chip in response.context["filter"].chips]
    assert "Dichtbij eerst: je postcode: 9000 Gent" in chips


def test_near_me_stays_within_the_query_budget(
    client, many_services, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(
            URL, {"dichtbij": "9000", "stad": "gent", "tolk": "ja", "open_nu": "ja", "q": "dienst"}
        )

    assert response.status_code == 200


@pytest.fixture
def around_gent(make_service, city):
    """Services at 0.2 to 12 km north of the centre of 9000 (one also at a place 30 km away,
    one with a place without coordinates, one without a place), each kilometre ~0.009°."""
    centre = known_postcodes()["9000"]
    services = []
    for number, km in enumerate([0.2, 0.3, 0.45, 0.8, 1.2, 1.9, 2.5, 4, 7, 12]):
        service = make_service(f"Dienst op {km} km", cities=[city])
        at(service, city, f"Plek {number}", f"{centre.latitude + km / 111.2:.6f}", "3.717400")
        services.append(service)
    at(services[-1], city, "Plek ver weg", "51.324300", "3.717400")
    at(make_service("Zonder coördinaten", cities=[city]), city, "Plek zonder")
    make_service("Zonder plek", cities=[city])
    return centre


@pytest.mark.parametrize("size", [1, 2, 3, 5, 20])
def test_near_me_reads_every_page_in_the_order_of_every_service_by_distance(around_gent, size):
    """A page is read from the services within a ring around the postcode when the ring holds
    enough of them (listing.NEAR_RINGS_KM): the same rows as sorting every service."""
    listed = listed_services(Selection(near=around_gent))
    everything = list(card_services().nearest_to(around_gent))

    assert isinstance(listed, NearestFirst)
    assert listed.count(100) == len(everything) == 12
    for start in range(0, 14, size):
        assert [s.pk for s in listed[start : start + size]] == [
            s.pk for s in everything[start : start + size]
        ]
    assert [s.name for s in everything[-2:]] == ["Zonder coördinaten", "Zonder plek"]


def test_near_me_reads_the_first_page_from_the_nearest_ring_alone(
    around_gent, django_assert_num_queries
):
    listed = listed_services(Selection(near=around_gent))

    with django_assert_num_queries(2):  # the rows, then the opening hours of the page
        rows = listed[0:3]

    assert [s.name for s in rows] == ["Dienst op 0.2 km", "Dienst op 0.3 km", "Dienst op 0.45 km"]
    assert rows[0].distance_km == pytest.approx(0.2, abs=0.01)


def test_near_me_without_a_search_stays_within_the_query_budget(
    client, many_services, around_gent, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"dichtbij": "9000", "stad": "gent", "page": "2"})

    assert response.status_code == 200
