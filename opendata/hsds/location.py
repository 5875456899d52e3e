"""HSDS location with its address, accessibility and schedules, and schedule itself."""

import uuid

from directory.models import Location
from opendata.hsds.common import WEEKDAYS, child_id, compact

PROVINCES = [  # Belgian postcode ranges, lowest postcode first
    (1000, "Brussels Hoofdstedelijk Gewest"),
    (1300, "Waals-Brabant"),
    (1500, "Vlaams-Brabant"),
    (2000, "Antwerpen"),
    (3000, "Vlaams-Brabant"),
    (3500, "Limburg"),
    (4000, "Luik"),
    (5000, "Namen"),
    (6000, "Henegouwen"),
    (6600, "Luxemburg"),
    (7000, "Henegouwen"),
    (8000, "West-Vlaanderen"),
    (9000, "Oost-Vlaanderen"),
]


def province(postcode: str) -> str:
    if not postcode.isdigit():
        return ""
    names = [name for start, name in PROVINCES if int(postcode) >= start]
    return names[-1] if names else ""


def schedule(hours, parent_uuid: uuid.UUID, **links) -> dict:
    """`hours`: opening hours with the SCHEDULE_FIELDS, as load_services() gives them."""
    return compact(
        {
            "id": child_id(parent_uuid, "schedule", *links.values(), hours.weekday, hours.opens_at),
            **links,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": WEEKDAYS[hours.weekday],
            "opens_at": hours.opens_at.strftime("%H:%M"),
            "closes_at": hours.closes_at.strftime("%H:%M"),
            "description": hours.note,
        }
    )


def address(place: Location, location_id: str) -> dict:
    return {
        "id": child_id(place.uuid, "address"),
        "location_id": location_id,
        "address_1": place.address,
        "city": place.city.name,
        "state_province": province(place.postcode),
        "postal_code": place.postcode,
        "country": "BE",
        "address_type": "physical",
    }


def location(place: Location) -> dict:
    """Needs `city`, `organization` and `hsds_schedules` loaded (see load_services)."""
    location_id = str(place.uuid)
    accessibility = [
        {
            "id": child_id(place.uuid, "accessibility"),
            "location_id": location_id,
            "description": place.accessibility,
        }
    ]
    return compact(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": str(place.organization.uuid) if place.organization_id else None,
            "name": place.name,
            "transportation": place.transit_stop,
            "latitude": float(place.latitude) if place.latitude is not None else None,
            "longitude": float(place.longitude) if place.longitude is not None else None,
            "addresses": [address(place, location_id)],
            "accessibility": accessibility if place.accessibility else [],
            "schedules": [
                schedule(hours, place.uuid, location_id=location_id)
                for hours in getattr(place, "hsds_schedules", [])
            ],
        }
    )
