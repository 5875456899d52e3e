"""Distances for "near me": a resident types a postcode, we sort help by distance from it.

No geolocation and no third-party service: the postcode becomes the approximate centre of its
area (directory/data/postcode_centroids.json, Gent and Aalst), and the distance to a location
is the great-circle (haversine) distance, computed in the database so that sorting and
paging stay one query.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import ExpressionWrapper, F, FloatField, Q, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.db.models.lookups import LessThanOrEqual

EARTH_RADIUS_KM = 6371.0
CENTROIDS_FILE = Path(__file__).resolve().parent / "data" / "postcode_centroids.json"


@dataclass(frozen=True)
class Place:
    postcode: str
    name: str
    latitude: float
    longitude: float

    def __str__(self):
        return f"{self.postcode} {self.name}"


@cache
def known_postcodes() -> dict[str, Place]:
    data = json.loads(CENTROIDS_FILE.read_text(encoding="utf-8"))
    return {
        code: Place(code, area["name"], area["latitude"], area["longitude"])
        for code, area in data["postcodes"].items()
    }


def place_for(postcode: str) -> Place | None:
    return known_postcodes().get(postcode.strip())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_km(place: Place, latitude: str = "latitude", longitude: str = "longitude"):
    """The haversine distance in km from ``place`` to the row's coordinates, as an expression."""
    lat = Radians(F(latitude), output_field=FloatField())
    lon = Radians(F(longitude), output_field=FloatField())
    here_lat = math.radians(place.latitude)
    here_lon = math.radians(place.longitude)
    half_chord = Power(Sin((lat - Value(here_lat)) / 2), 2) + Value(math.cos(here_lat)) * Cos(
        lat
    ) * Power(Sin((lon - Value(here_lon)) / 2), 2)
    return ExpressionWrapper(
        Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(half_chord)), output_field=FloatField()
    )


def within_km(place: Place, km: float, latitude: str = "latitude", longitude: str = "longitude"):
    """A condition: the row's coordinates lie within ``km`` of ``place``. The box around the
    circle is tested first, a plain comparison of the columns, so that the haversine is worked
    out only for the rows inside it (every place's took 80 ms at 100,000 services)."""
    angle = km / EARTH_RADIUS_KM
    lat_span = math.degrees(angle)
    cos_lat = math.cos(math.radians(place.latitude))
    # The widest a spherical cap gets in longitude; all of it near a pole.
    lon_span = (
        180.0
        if angle >= math.pi / 2 or cos_lat <= math.sin(angle)
        else math.degrees(math.asin(math.sin(angle) / cos_lat))
    )
    margin = 1e-6  # degrees: the columns' rounding
    box = Q(
        **{
            f"{latitude}__range": (
                place.latitude - lat_span - margin,
                place.latitude + lat_span + margin,
            ),
            f"{longitude}__range": (
                place.longitude - lon_span - margin,
                place.longitude + lon_span + margin,
            ),
        }
    )
    return box & Q(LessThanOrEqual(distance_km(place, latitude, longitude), km))
