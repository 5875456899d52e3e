from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata.importer import DatasetError, import_dataset


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 JSON: a folder written by export_hsds, or files of HSDS objects (one "
        "object, a list or an API page each), matching rows by id. All or nothing: with any "
        "error, nothing is saved and every error is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="folders or JSON files")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish new services at once (by default they wait as drafts for staff)",
        )

    def handle(self, *args, paths, publish, **options):
        try:
            report = import_dataset(paths, publish=publish)
        except DatasetError as error:
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) in "
                f"{', '.join(map(str, paths))}:\n"
                + "\n".join(f"- {problem}" for problem in error.problems)
            ) from None
        for line in report.skipped:
            self.stdout.write(f"Skipped {line}")
        if not report.changed:
            self.stdout.write("Nothing changed.")
        for label, counts in (
            ("Created", report.created),
            ("Updated", report.updated),
            ("Unchanged", report.unchanged),
        ):
            if counts:
                summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
                self.stdout.write(f"{label}: {summary}.")
        if report.notes:
            self.stdout.write(
                "Not held by the directory's tables: kept in the service's original record when "
                "part of a service record, otherwise only reported here:"
            )
            for note in report.notes:
                self.stdout.write(f"- {note}")
