"""directory.distance.within_km: the box it tests first never drops a place the haversine keeps."""

import itertools
import math
from decimal import Decimal

import pytest

from directory.distance import EARTH_RADIUS_KM, Place, haversine_km, place_for, within_km
from directory.models import Location


@pytest.mark.parametrize(
    "place, km",
    [
        (place_for("9000"), 0.5),
        (place_for("9300"), 2.0),
        (place_for("9000"), 15.0),
        (Place("0000", "far north", 78.2, 15.6), 40.0),  # where a degree of longitude is short
    ],
)
def test_within_km_keeps_exactly_the_places_the_haversine_keeps(city, place, km):
    step_lat = math.degrees(km / EARTH_RADIUS_KM) / 4
    step_lon = step_lat / math.cos(math.radians(place.latitude))
    points = [
        (
            Decimal(f"{place.latitude + dy * step_lat:.6f}"),
            Decimal(f"{place.longitude + dx * step_lon:.6f}"),
        )
        for dy, dx in itertools.product(range(-6, 7), repeat=2)
    ]
    Location.objects.bulk_create(
        Location(city=city, name=f"Plek {n}", slug=f"plek-{n}", latitude=lat, longitude=lon)
        for n, (lat, lon) in enumerate(points)
    )
    expected = {
        (lat, lon)
        for lat, lon in points
        if haversine_km(place.latitude, place.longitude, float(lat), float(lon)) <= km
    }
    found = set(Location.objects.filter(within_km(place, km)).values_list("latitude", "longitude"))
    assert found == expected
    assert 20 < len(expected) < len(points)  # the circle is inside the grid, not all of it
