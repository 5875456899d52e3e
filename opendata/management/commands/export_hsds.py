from pathlib import Path

from django.core.management.base import BaseCommand

from opendata import dataset


class Command(BaseCommand):
    help = (
        "Write the published directory as Open Referral HSDS 3.0 JSON files "
        f"({', '.join(dataset.FILES)}) into a folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="folder to write to (created if needed)")

    def handle(self, *args, directory, **options):
        counts = dataset.write(directory)
        summary = ", ".join(f"{count} in {name}" for name, count in counts.items())
        self.stdout.write(f"Wrote {summary} to {directory}.")
