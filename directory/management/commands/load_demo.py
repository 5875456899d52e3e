from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from directory.models import SearchTerm

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
        call_command(
            "loaddata",
            *[str(fixture_dir / name) for name in DEMO_FIXTURES],
            verbosity=options["verbosity"],
        )
        SearchTerm.objects.load_file(fixture_dir / VOCABULARY)
