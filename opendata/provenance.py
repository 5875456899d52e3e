"""Where a service's facts come from, in HSDS 3.0: ``assured_date`` and ``attributes``.

HSDS has ``assured_date`` (the last check) but no field for the source or for who checked, so
these travel as attributes of the taxonomy "wegwijs-herkomst", one per fact, each with a term
whose code says what the value is:

- ``herkomst``: the public state, value one of gecontroleerd, publieke_bron, telefonisch,
  voorbeeld, onbekend; ``herkomst_tekst``: the sentence residents see (in Dutch);
- ``gecontroleerd_namens``: on whose behalf it was checked ("Stad Gent"; the staff member's own
  name stays in the admin);
- ``bron``, ``bron_soort``, ``bron_url``, ``bron_datum``: the source's title, kind (document,
  website, telefoon, voorbeeld), link and date.

``read_provenance`` reads them back for import_hsds, which sets a verification date only when
it also receives who checked.
"""

import datetime
import uuid

from directory.models import Service

PROVENANCE = "wegwijs-herkomst"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://wegwijs.be/hsds/" + PROVENANCE)

_TERMS = {
    "herkomst": "Of de stad de gegevens controleerde, of waar ze vandaan komen",
    "herkomst_tekst": "Wat bewoners over de herkomst lezen",
    "gecontroleerd_namens": "Namens wie de gegevens werden gecontroleerd",
    "bron": "De bron van de gegevens",
    "bron_soort": "Soort bron: document, website, telefoon of voorbeeld",
    "bron_url": "Link naar de bron",
    "bron_datum": "Datum van de bron",
}


def _term(code: str) -> dict:
    return {
        "id": str(uuid.uuid5(_NAMESPACE, code)),
        "code": code,
        "name": code,
        "description": _TERMS[code],
        "taxonomy": PROVENANCE,
        "language": "nl",
    }


def provenance_values(item: Service) -> dict[str, str]:
    provenance = item.provenance
    values = {
        "herkomst": provenance.state,
        "herkomst_tekst": str(provenance.label),
        "gecontroleerd_namens": provenance.checked_by,
        "bron": item.source_title,
        "bron_soort": item.source_kind,
        "bron_url": item.source_url,
        "bron_datum": item.source_date.isoformat() if item.source_date else "",
    }
    return {code: value for code, value in values.items() if value}


def provenance_attributes(item: Service, service_id: str) -> list[dict]:
    """The HSDS attributes of a service's provenance (see the module docstring)."""
    parent = uuid.UUID(service_id)
    return [
        {
            "id": str(uuid.uuid5(parent, f"attribute:{PROVENANCE}:{code}")),
            "link_id": service_id,
            "link_type": PROVENANCE,
            "link_entity": "service",
            "taxonomy_term_id": _term(code)["id"],
            "value": value,
            "taxonomy_term": _term(code),
        }
        for code, value in provenance_values(item).items()
    ]


def is_provenance(attribute) -> bool:
    """Whether an imported attribute (an opendata.importer.Record) is one of these."""
    return attribute.data.get("link_type") == PROVENANCE


def read_provenance(record) -> dict:
    """Service fields from a record's provenance attributes and ``assured_date``: a
    verification date only together with on whose behalf it was checked."""
    values = {}
    for attribute in record.children("attributes"):
        term = attribute.data.get("taxonomy_term") or {}
        code = term.get("code") if isinstance(term, dict) else None
        if is_provenance(attribute) and code in _TERMS:
            values[code] = attribute.text("value", max_length=500)
    kinds = set(Service.SourceKind.values)
    fields = {
        "source_title": values.get("bron", "")[:300],
        "source_kind": values.get("bron_soort", "") if values.get("bron_soort") in kinds else "",
        "source_url": values.get("bron_url", ""),
        "source_date": _date(values.get("bron_datum")),
        "last_verified": None,
        "verified_by": "",
        "verified_for": "",
    }
    assured = record.date("assured_date")
    checked_by = values.get("gecontroleerd_namens", "")[:120]
    if assured and checked_by:
        fields.update(last_verified=assured, verified_by=checked_by, verified_for=checked_by)
    return fields


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
