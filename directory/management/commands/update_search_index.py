from django.core.management.base import BaseCommand

from directory.search import refresh_search_fields
from pagecache.pages import forget_all_pages


class Command(BaseCommand):
    help = (
        "Recompute the stored search columns of all services (PostgreSQL). Needed after writes "
        "that skip signals, such as bulk_create or raw SQL. Also forgets the cached pages."
    )

    def handle(self, *args, **options):
        refresh_search_fields()
        forget_all_pages()
        self.stdout.write("Search index updated.")
