"""HSDS taxonomy and taxonomy_term: the problem types, one taxonomy."""

import uuid

from directory.models import ProblemType
from opendata.hsds.common import TAXONOMY, TAXONOMY_ID, compact


def taxonomy() -> dict:
    return {
        "id": str(TAXONOMY_ID),
        "name": TAXONOMY,
        "description": "Probleemtypes van Wegwijs: waarmee mensen hulp zoeken.",
        "version": "1",
    }


def taxonomy_term(problem: ProblemType, parent_uuid: uuid.UUID | None = None) -> dict:
    """`parent_uuid` saves a query when the caller knows it; otherwise `parent` is used."""
    if parent_uuid is None and problem.parent_id:
        parent_uuid = problem.parent.uuid
    return compact(
        {
            "id": str(problem.uuid),
            "code": problem.slug,
            "name": problem.name,
            "description": problem.description or problem.resident_phrase or problem.name,
            "parent_id": str(parent_uuid) if parent_uuid else None,
            "taxonomy": TAXONOMY,
            "taxonomy_id": str(TAXONOMY_ID),
            "language": "nl",
        }
    )
