from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata.importer import DatasetError, import_dataset


class Command(BaseCommand):
    help = (
        "Import an HSDS 3.0 dataset as written by export_hsds, matching rows by id. "
        "All or nothing: with any error, nothing is saved and every error is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="folder with the HSDS JSON files")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish new services at once (by default they wait as drafts for staff)",
        )

    def handle(self, *args, directory, publish, **options):
        try:
            report = import_dataset(directory, publish=publish)
        except DatasetError as error:
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) in {directory}:\n"
                + "\n".join(f"- {problem}" for problem in error.problems)
            ) from None
        for label, counts in (("Created", report.created), ("Updated", report.updated)):
            summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items()))
            self.stdout.write(f"{label}: {summary or 'nothing'}.")
