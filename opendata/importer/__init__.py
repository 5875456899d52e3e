"""Import HSDS 3.0 JSON: the files of export_hsds, or any HSDS objects another publisher sends
(one object, a list or an API page per file; see sources.py), matching rows by id.

All or nothing: the whole import runs in one transaction. Every problem is collected with the
file, the record number, its id and the field, e.g.
``services.json, record 3 (id 0b6f…): phones[1].number: Geef een geldig telefoonnummer.``
and then nothing is saved. Importing the same files twice changes nothing the second time: a
record that is what was imported before (and not edited since) is left alone.

What an import does to a service it already has: it sets the fields HSDS carries and replaces
the phones, e-mail contacts, locations, opening hours, service areas, languages and problem types.
What HSDS cannot carry (walk-in notes, chat links, referral rules, the internal note, the
publication state) stays as it was. New services arrive unpublished unless `publish` is set,
so that staff check them first. Valid HSDS the directory cannot hold (a phone number abroad, a
foreign postcode, a fee in pounds, an area that is no city of the directory...) is reported as a
note and kept in the service's original record (originals.py).
"""

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from directory.search import search_refreshes_deferred
from opendata.importer import originals
from opendata.importer.context import Context
from opendata.importer.location import address_cities, city, import_location
from opendata.importer.organization import import_organization
from opendata.importer.record import DatasetError, Report, TooManyProblems
from opendata.importer.service import import_service
from opendata.importer.sources import read
from opendata.importer.taxonomy import depth_order, import_term

__all__ = ["DatasetError", "Report", "import_dataset"]


def _unique(objects):
    """Each id once: a top-level object over a nested copy of it."""
    chosen = {}
    for where, data in objects:
        key = str(data.get("id"))
        if key not in chosen or (" > " in chosen[key][0] and " > " not in where):
            chosen[key] = (where, data)
    return list(chosen.values())


def import_dataset(paths, *, publish: bool = False) -> Report:
    paths = [Path(path) for path in (paths if isinstance(paths, list | tuple) else [paths])]
    sources = read(paths)
    ctx = Context(publish=publish)
    ctx.report.skipped = sources.skipped
    try:
        with transaction.atomic(), search_refreshes_deferred():
            _run(ctx, sources)
            if ctx.problems:
                raise DatasetError(ctx.problems)
    except TooManyProblems:
        raise DatasetError([*ctx.problems, _("… gestopt na te veel fouten.")]) from None
    return ctx.report


def _run(ctx: Context, sources) -> None:
    objects = {kind: _unique(items) for kind, items in sources.objects.items()}
    for where, data in objects["taxonomy"]:
        ctx.report.skipped.append(
            f"{where}: taxonomy {data.get('name')!r}: Wegwijs has one taxonomy of its own "
            "(its terms are imported as problem types)"
        )
    terms = [ctx.record(where, data) for where, data in objects["taxonomy_term"]]
    for record in depth_order(terms):
        import_term(ctx, record)
    for where, data in objects["organization"]:
        import_organization(ctx, ctx.record(where, data))
    for where, data in objects["location"]:
        import_location(ctx, ctx.record(where, data))
    for _where, data in objects["service"]:  # the cities service areas may name
        for name in address_cities(data):
            city(ctx, name)
    for where, data in objects["service"]:
        if originals.unchanged(data):
            ctx.report.count("services", "unchanged")
            continue
        record = ctx.record(where, data)
        service = import_service(ctx, record)
        if service is not None and not ctx.problems:
            originals.keep(service, data)
