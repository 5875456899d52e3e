"""Directory rows as Open Referral HSDS 3.0 objects (plain dicts, ready for JSON), one module per
HSDS object.

Ids: organisations, services, locations and problem types carry their own UUID (the `uuid`
field). The rows HSDS nests below them (phones, contacts, schedules, service areas, languages,
cost options, attributes, addresses) get a UUID derived with uuid5 from their parent's UUID and
their natural key, so the same data always gets the same ids, here and after an import elsewhere.
"""

from opendata.hsds.common import TAXONOMY, TAXONOMY_ID, WEEKDAYS, child_id, compact, timestamp
from opendata.hsds.loading import (
    list_queryset,
    load_channels,
    load_services,
    serialized_services,
    service_queryset,
)
from opendata.hsds.location import location, province, schedule
from opendata.hsds.organization import organization
from opendata.hsds.service import basic, own_service, service, service_area_name, withdrawn
from opendata.hsds.taxonomy import taxonomy, taxonomy_term

__all__ = [
    "TAXONOMY",
    "TAXONOMY_ID",
    "WEEKDAYS",
    "basic",
    "child_id",
    "compact",
    "list_queryset",
    "load_channels",
    "load_services",
    "location",
    "organization",
    "own_service",
    "province",
    "schedule",
    "serialized_services",
    "service",
    "service_area_name",
    "service_queryset",
    "taxonomy",
    "taxonomy_term",
    "timestamp",
    "withdrawn",
]
