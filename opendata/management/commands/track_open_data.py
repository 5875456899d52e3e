from django.core.management.base import BaseCommand

from opendata.models import track_untracked


class Command(BaseCommand):
    help = (
        "Give last_modified (now) to published services and organisations written without "
        "signals (generate_bulk, raw SQL), so that modified_after harvests find them."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Tracked {track_untracked()} record(s).")
