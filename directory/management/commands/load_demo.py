from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from directory.models import SearchTerm
from directory.search import search_refreshes_deferred

DEMO_FIXTURES = [
    "demo_taxonomy.json",
    "demo_services.json",
    "demo_translations.json",
    "demo_glossary.json",
]
# Loaded in one statement (SearchTerm.objects.load_file), not by loaddata.
VOCABULARY = "vocabulary.json"


class Command(BaseCommand):
    help = (
        "Load the demo directory (real services of Aalst and Gent, to be verified by the city). "
        "Rows are matched by slug, so running it again changes nothing."
    )

    def handle(self, *args, **options):
        fixture_dir = settings.BASE_DIR / "fixtures"
        # Each service's search columns are computed once, at the end, not on every save of it,
        # its problem types and their translations (a third of the time, far more in bulk).
        with transaction.atomic(), search_refreshes_deferred():
            call_command(
                "loaddata",
                *[str(fixture_dir / name) for name in DEMO_FIXTURES],
                verbosity=options["verbosity"],
            )
        SearchTerm.objects.load_file(fixture_dir / VOCABULARY)
