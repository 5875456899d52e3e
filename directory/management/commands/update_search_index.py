from django.core.management.base import BaseCommand

from directory.search import refresh_search_fields


class Command(BaseCommand):
    help = (
        "Recompute the stored search columns of all services (PostgreSQL). Needed after writes "
        "that skip signals, such as bulk_create or raw SQL."
    )

    def handle(self, *args, **options):
        refresh_search_fields()
        self.stdout.write("Search index updated.")
