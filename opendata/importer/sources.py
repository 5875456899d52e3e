"""What an import reads: the files of export_hsds, or any HSDS JSON another publisher sends.

A file holds one object, a list of objects or an API page (`contents`); each object is told
apart by its fields (a service has `status`, a location `location_type` or `addresses`...).
Objects nested in others (the organisation of a service, the services of an organisation, the
service and location of a service_at_location) are imported too. The same id twice at the top
of the import is refused, naming the id; a nested copy of an object given elsewhere is not.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from opendata.importer.record import DatasetError
from opendata.provenance import PROVENANCE

KINDS = ("taxonomy", "taxonomy_term", "organization", "location", "service")


@dataclass
class Sources:
    """The objects to import by kind, each as (where, data), in the order read."""

    objects: dict[str, list[tuple[str, dict]]] = field(
        default_factory=lambda: {kind: [] for kind in KINDS}
    )
    skipped: list[str] = field(default_factory=list)


def kind_of(data: dict) -> str | None:
    if "openapi_url" in data and "version" in data:
        return "api_root"
    if "status" in data:
        return "service"
    if "location_type" in data or "addresses" in data:
        return "location"
    if "service" in data and "location" in data or "service_id" in data and "location_id" in data:
        return "service_at_location"
    if {"parent_id", "taxonomy", "code", "term_uri", "taxonomy_id", "taxonomy_detail"} & set(data):
        return "taxonomy_term"
    if "version" in data or ("uri" in data and "website" not in data and "services" not in data):
        return "taxonomy"
    if "name" in data:
        return "organization"
    return None


def _paths(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        found.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return found


def read(paths: list[Path]) -> Sources:
    problems, sources, seen = [], Sources(), {}
    files = _paths(paths)
    if not files:
        raise DatasetError([_("Geen JSON-bestanden gevonden in %s") % ", ".join(map(str, paths))])
    for path in files:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(f"{path.name}: " + _("het bestand bestaat niet"))
            continue
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: " + _("geen geldige JSON (%s)") % error)
            continue
        if isinstance(content, dict) and isinstance(content.get("contents"), list):
            content = content["contents"]  # an API page
        items = content if isinstance(content, list) else [content]
        if isinstance(content, dict) and any(key.endswith(".csv") for key in content):
            sources.skipped.append(
                f"{path.name}: tabular HSDS (CSV tables) is not read; send JSON objects"
            )
            continue
        for index, data in enumerate(items, start=1):
            record_id = data.get("id") if isinstance(data, dict) else None
            where = f"{path.name}, record {index} (id {record_id})"
            if not isinstance(data, dict):
                problems.append(f"{where}: " + _("moet een JSON-object zijn"))
                continue
            kind = kind_of(data)
            if kind == "api_root":
                sources.skipped.append(f"{path.name}: an API root ({data.get('version')}), no data")
                continue
            if kind is None:
                problems.append(f"{where}: " + _("onbekend soort HSDS-object"))
                continue
            key = (kind, str(data.get("id")))
            if key in seen:
                problems.append(
                    f"{where}: id: "
                    + _("dubbele id %(id)s (ook in %(other)s)") % {"id": key[1], "other": seen[key]}
                )
                continue
            seen[key] = where
            _add(sources, kind, where, data)
    if problems:
        raise DatasetError(problems)
    return sources


def _add(sources: Sources, kind: str, where: str, data: dict) -> None:
    """Adds the object and what it nests; a service_at_location becomes its service with it."""
    if kind == "service_at_location":
        service = data.get("service")
        if isinstance(service, dict):
            link = {key: value for key, value in data.items() if key != "service"}
            _add(sources, "service", where, {**service, "service_at_locations": [link]})
        return
    sources.objects[kind].append((where, data))
    nested = {
        "service": [("organization", data.get("organization"))],
        "organization": [("service", item) for item in data.get("services") or []],
        "taxonomy_term": [("taxonomy", data.get("taxonomy_detail"))],
    }.get(kind, [])
    if kind == "service":
        nested += [
            ("taxonomy_term", attribute.get("taxonomy_term"))
            for attribute in data.get("attributes") or []
            # Provenance attributes say where facts come from; their terms are no problem types.
            if isinstance(attribute, dict) and attribute.get("link_type") != PROVENANCE
        ]
    for nested_kind, item in nested:
        if isinstance(item, dict) and item.get("id"):
            if nested_kind == "service" and not item.get("organization_id"):
                item = {**item, "organization_id": data.get("id")}
            sources.objects[nested_kind].append((f"{where} > {nested_kind} {item['id']}", item))
