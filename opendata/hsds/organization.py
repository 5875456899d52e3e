"""HSDS organization."""

from directory.models import Organization
from opendata.hsds.common import compact, timestamp


def organization(org: Organization) -> dict:
    """The organisation as lists and nested objects give it (organization_list)."""
    return compact(
        {
            "id": str(org.uuid),
            "name": org.name,
            "description": org.description or org.name,
            "website": org.website,
        }
    )


def last_modified(org: Organization) -> str | None:
    change = getattr(org, "open_data_change", None)
    return timestamp(change.modified) if change else None
