"""HSDS taxonomy_term -> ProblemType (a taxonomy itself has no row: Wegwijs has one)."""

from django.utils.translation import gettext as _

from directory.models import ProblemType
from opendata.importer.context import Context, unique_slug
from opendata.importer.record import Record


def depth_order(records: list[Record]) -> list[Record]:
    """Parents before children, whatever the order in the files."""
    parents = {record.id: record.data.get("parent_id") for record in records}

    def depth(record):
        level, current, seen = 0, record.id, set()
        while parents.get(current) and current not in seen:
            seen.add(current)
            current, level = parents[current], level + 1
        return level

    return sorted(records, key=depth)


def import_term(ctx: Context, record: Record) -> None:
    problem, created = ctx.upsert(ProblemType, record)
    name = record.text("name", required=True, max_length=100)
    description = record.text("description")
    code = record.text("code", max_length=100)
    parent_id = record.uuid("parent_id", required=False)
    if problem is None:
        return
    problem.name = name
    problem.description = description
    if created:
        problem.slug = unique_slug(ProblemType, code or name)
    problem.parent = None
    if parent_id:
        problem.parent = ProblemType.objects.filter(uuid=parent_id).first()
        if problem.parent is None:
            record.note("parent_id", f"parent {parent_id} is not in the import: imported as top")
    if problem.parent_id and problem.parent_id == problem.pk:
        record.problem("parent_id", _("een term kan niet zijn eigen ouder zijn"))
        return
    ctx.save(problem, record, created, "taxonomy_terms", {"slug": "code"})
