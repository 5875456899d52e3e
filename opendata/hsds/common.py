"""What every HSDS object needs: stable child ids and leaving out empty values."""

import hashlib
import json
import uuid

TAXONOMY = "wegwijs-probleemtypes"
TAXONOMY_ID = uuid.uuid5(uuid.NAMESPACE_URL, "https://wegwijs.be/hsds/taxonomies/" + TAXONOMY)
WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def child_id(parent_uuid: uuid.UUID, *natural_key) -> str:
    """The stable id of a row HSDS nests below the row with `parent_uuid`."""
    return str(uuid.uuid5(parent_uuid, ":".join(str(part) for part in natural_key)))


def compact(data: dict) -> dict:
    """Leave out empty values: HSDS fields are optional, and null is not a valid string."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def timestamp(moment) -> str | None:
    """HSDS date-time with millisecond accuracy, as last_modified asks."""
    return moment.isoformat(timespec="milliseconds") if moment else None


def digest(data: dict) -> str:
    """Of an HSDS object without last_modified (which says when, not what)."""
    data = {key: value for key, value in data.items() if key != "last_modified"}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
