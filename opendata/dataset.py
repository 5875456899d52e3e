"""The whole open dataset as HSDS JSON files: what export_hsds writes and import_hsds reads.

Three files, each a JSON array in a fixed order so that two exports of the same data are
byte-for-byte equal: taxonomy_terms.json, organizations.json and services.json (full services
with their locations nested, as the API gives them). Only published services are exported.
"""

import json
from pathlib import Path

from directory.models import Organization, ProblemType, Service
from opendata import hsds

FILES = ("taxonomy_terms.json", "organizations.json", "services.json")


def build() -> dict[str, list[dict]]:
    services = Service.objects.published().order_by("name", "uuid")
    organizations = Organization.objects.with_published_services().order_by("name")
    problems = ProblemType.objects.select_related("parent").order_by("name")
    return {
        "taxonomy_terms.json": [hsds.taxonomy_term(problem) for problem in problems],
        "organizations.json": [hsds.organization(org) for org in organizations],
        "services.json": list(hsds.serialized_services(services)),
    }


def dumps(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def write(directory: Path) -> dict[str, int]:
    """Writes the files into `directory` (created when missing); returns the records per file."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, records in build().items():
        (directory / name).write_text(dumps(records), encoding="utf-8")
        counts[name] = len(records)
    return counts
