"""``manage.py search_quality``: hit@3 and MRR of the search on this database, per language and
per part of the relevance set, and the crisis queries that miss."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from directory.relevance import SET_NAMES, evaluate

LANGUAGES = ("nl", "fr", "en", "ar", "tr")


class Command(BaseCommand):
    help = "Measure the search against the relevance set (directory/data/relevance/)."

    def add_arguments(self, parser):
        parser.add_argument("--part", choices=SET_NAMES, action="append", dest="parts")
        parser.add_argument(
            "--fail-under",
            type=float,
            default=None,
            help="Exit with an error when hit@3 is below this share (e.g. 0.9) or a crisis "
            "query misses.",
        )
        parser.add_argument("--misses", action="store_true", help="List the queries that miss.")

    def handle(self, *args, parts=None, fail_under=None, misses=False, **options):
        figures = evaluate(tuple(parts or SET_NAMES))
        vendor = connection.vendor
        self.stdout.write("| database | set | language | queries | hit@3 | MRR |")
        self.stdout.write("| --- | --- | --- | ---: | ---: | ---: |")
        rows = [("all", "all", figures)]
        rows += [(p, "all", figures.where(part=p)) for p in parts or SET_NAMES]
        rows += [("all", lang, figures.where(language=lang)) for lang in LANGUAGES]
        for part, language, subset in rows:
            if subset.outcomes:
                self.stdout.write(
                    f"| {vendor} | {part} | {language} | {len(subset.outcomes)} "
                    f"| {subset.hit_at_3:.1%} | {subset.mrr:.3f} |"
                )
        crisis = figures.where(crisis=True)
        self.stdout.write(
            f"crisis queries: {len(crisis.outcomes)}, misses: {len(figures.crisis_misses)}"
        )
        if misses:
            for outcome in figures.outcomes:
                if not outcome.hit or outcome.crisis_missed:
                    self.stdout.write(
                        f"  miss [{outcome.language}] {outcome.query!r}: rank {outcome.rank}, "
                        f"crisis box {outcome.crisis_shown}, got {outcome.ranking[:3]}"
                    )
        if fail_under is not None and (figures.hit_at_3 < fail_under or figures.crisis_misses):
            raise CommandError(
                f"hit@3 {figures.hit_at_3:.1%} (needed {fail_under:.0%}), "
                f"{len(figures.crisis_misses)} crisis misses"
            )
