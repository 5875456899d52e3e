"""Build a large synthetic directory for benchmarks: organisations, locations and services in
the demo cities (Aalst and Gent, and their neighbourhoods), so the pages a resident opens there
hold them.

Rows are streamed into PostgreSQL with ``COPY`` (ids taken from the tables' own sequences), with
the secondary indexes of the tables written to dropped first and built again afterwards, then
the search columns are filled in one statement and the planner statistics refreshed: 100,000
services take about a minute. Other databases get batched ``bulk_create``.
Everything it creates has a slug starting with ``bulk-``; ``--clear`` removes a previous run.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction

from directory.bulk_writers import BulkCreateWriter, CopyWriter
from directory.models import (
    AgeGroup,
    City,
    ContactChannel,
    Language,
    Location,
    Neighbourhood,
    OpeningHours,
    Organization,
    ProblemType,
    Service,
    ServiceAtLocation,
)
from directory.search import refresh_search_fields
from pagecache.pages import forget_all_pages

PREFIX = "bulk-"
SEARCH_BATCH = 20_000
# Rough centres of the demo cities, to scatter the generated locations around.
CENTRES = {"gent": (51.054, 3.725, "9000"), "aalst": (50.938, 4.039, "9300")}
DEFAULT_CENTRE = (51.0, 3.9, "9000")
SERVICE_WORDS = [
    ("Onthaal", "Gratis onthaal voor al je vragen over welzijn en geld."),
    ("Psycholoog", "Gesprekken met een psycholoog over stress, angst en verdriet."),
    ("Luisterlijn", "Anoniem praten met iemand die luistert, dag en nacht."),
    ("Schuldhulp", "Hulp bij schulden en een plan om rond te komen."),
    ("Buurtwerk", "Ontmoeting en activiteiten in je buurt tegen eenzaamheid."),
    ("Opvoedingswinkel", "Antwoord op je vragen over opvoeding en je kinderen."),
    ("Slachtofferhulp", "Steun na een misdrijf of een verkeersongeval."),
    ("Woonbegeleiding", "Hulp om een woning te vinden of te houden."),
]


class Command(BaseCommand):
    help = "Generate a synthetic directory (default 10,000 services) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--clear", action="store_true", help="remove an earlier bulk set first")

    def handle(self, *args, services, seed, clear, **options):
        if services < 1:
            raise CommandError("--services must be at least 1")
        problems = list(ProblemType.objects.all())
        cities = list(City.objects.exclude(slug__startswith=PREFIX).order_by("slug"))
        if not problems or not cities:
            raise CommandError("Load the demo data first: manage.py load_demo")
        began = time.monotonic()
        step = self.stepper(options["verbosity"])
        if clear:
            self.clear()
            step("cleared the earlier set")
        elif Service.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("A bulk set exists already; add --clear to replace it.")
        writer = CopyWriter() if connection.vendor == "postgresql" else BulkCreateWriter()
        with transaction.atomic():
            with writer.indexes_dropped(WRITTEN_MODELS):
                ids = Generator(writer, random.Random(seed), problems, cities).run(services)
                step("wrote the rows")
                # The rows skipped the signals that keep the search columns current.
                for start in range(0, len(ids), SEARCH_BATCH):
                    refresh_search_fields(ids[start : start + SEARCH_BATCH])
                step("filled the search columns")
            step("checked the foreign keys, built the indexes again")
        step("committed")
        self.refresh_planner_statistics()
        step("analysed")
        forget_all_pages()  # the writes skipped the signals that do this too
        self.stdout.write(f"Generated {services} services in {time.monotonic() - began:.1f} s.")

    def stepper(self, verbosity):
        """With -v 2, print how long each step took."""
        last = [time.monotonic()]

        def step(done):
            now = time.monotonic()
            if verbosity >= 2:
                self.stdout.write(f"{now - last[0]:6.1f} s  {done}")
            last[0] = now

        return step

    def refresh_planner_statistics(self):
        """After a bulk load PostgreSQL's planner still thinks the tables are small until
        autovacuum comes by; benchmarks right after loading would measure bad plans."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def clear(self):
        """Delete the rows of an earlier run with plain DELETE statements, dependent rows first:
        without Django's per-object collector and signals, which take minutes at 100,000."""
        with transaction.atomic():
            for model in (Service, Location, Organization, Neighbourhood, City):
                delete_with_dependents(model._base_manager.filter(slug__startswith=PREFIX))


def delete_with_dependents(queryset):
    """Delete the rows and, first, the rows that cascade from them (set to NULL where the
    relation says so). Rows that protect them stay, and the database's foreign keys refuse
    the deletion at commit."""
    keys = queryset.values("pk")
    for relation in queryset.model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue  # not a foreign key pointing here (many-to-many: their through rows are)
        if relation.on_delete not in (models.CASCADE, models.SET_NULL):
            continue
        related = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": keys}
        )
        if relation.on_delete is models.SET_NULL:
            related.update(**{relation.field.name: None})
        else:
            delete_with_dependents(related)
    queryset._raw_delete(queryset.db)


class Generator:
    """The synthetic rows, written through a CopyWriter or BulkCreateWriter."""

    def __init__(self, writer, rng, problems, cities):
        self.writer, self.rng, self.problems, self.cities = writer, rng, problems, cities
        self.neighbourhoods = list(Neighbourhood.objects.filter(city__in=cities))
        self.languages = list(Language.objects.values_list("pk", flat=True))
        self.age_groups = list(AgeGroup.objects.values_list("pk", flat=True))

    def run(self, count) -> list[int]:
        """Write ``count`` services with their links; return their ids."""
        write = self.writer.objects
        organizations = write(
            Organization,
            (
                Organization(name=f"Testorganisatie {n}", slug=f"{PREFIX}org-{n}")
                for n in range(max(1, count // 10))
            ),
        )
        locations = write(Location, self.locations(max(1, count // 2), organizations))
        services = write(Service, self.services(count, organizations))
        self.links(services, locations)
        self.writer.objects(ContactChannel, self.channels(services), keep_ids=False)
        self.writer.objects(
            OpeningHours,
            (
                OpeningHours(
                    location_id=location,
                    weekday=day,
                    opens_at=datetime.time(9),
                    closes_at=datetime.time(17),
                )
                for location in locations
                for day in range(1, 6)
            ),
            keep_ids=False,
        )
        return services

    def place(self):
        """A city and, when it has them, one of its neighbourhoods."""
        if self.neighbourhoods and self.rng.random() < 0.9:
            hood = self.rng.choice(self.neighbourhoods)
            return hood.city, hood
        return self.rng.choice(self.cities), None

    def locations(self, count, organizations):
        rng = self.rng
        for n in range(count):
            city, hood = self.place()
            latitude, longitude, postcode = CENTRES.get(city.slug, DEFAULT_CENTRE)
            yield Location(
                name=f"Locatie {n}",
                slug=f"{PREFIX}loc-{n}",
                address=f"Kerkstraat {n % 200 + 1}",
                postcode=postcode,
                city_id=city.pk,
                neighbourhood_id=hood.pk if hood else None,
                latitude=round(latitude + rng.uniform(-0.04, 0.04), 6),
                longitude=round(longitude + rng.uniform(-0.06, 0.06), 6),
                organization_id=rng.choice(organizations),
            )

    def services(self, count, organizations):
        rng = self.rng
        for n in range(count):
            word, summary = rng.choice(SERVICE_WORDS)
            yield Service(
                organization_id=rng.choice(organizations),
                name=f"{word} {n}",
                slug=f"{PREFIX}dienst-{n}",
                kind=rng.choice(Service.Kind.values),
                summary=summary,
                description=f"{summary} Deze testdienst hoort bij de benchmark.",
                audience="Iedereen.",
                steps="Bel ons.\nKom langs.",
                cost=rng.choice([Service.Cost.FREE, Service.Cost.FREE, Service.Cost.OTHER]),
                referral_required=rng.random() < 0.2,
                interpreter_available=rng.random() < 0.3,
                home_visits=rng.random() < 0.2,
                is_published=rng.random() < 0.95,
                # Made up for the benchmark: never "checked" (issue 14).
                source_kind=Service.SourceKind.DEMO,
            )

    def links(self, services, locations):
        rng, write = self.rng, self.writer.links
        problem_ids = [problem.pk for problem in self.problems]
        write(
            Service.problem_types.through,
            ("service_id", "problemtype_id"),
            ((s, p) for s in services for p in rng.sample(problem_ids, min(2, len(problem_ids)))),
        )
        whole_city, in_part = [], []
        for service in services:
            city, hood = self.place()
            if hood is None or rng.random() < 0.5:
                whole_city.append((service, city.pk))
            else:
                in_part.append((service, hood.pk))
        write(Service.serves_cities.through, ("service_id", "city_id"), whole_city)
        write(Service.serves_neighbourhoods.through, ("service_id", "neighbourhood_id"), in_part)
        if self.languages:
            write(
                Service.languages.through,
                ("service_id", "language_id"),
                ((s, rng.choice(self.languages)) for s in services),
            )
        if self.age_groups:
            write(
                Service.age_groups.through,
                ("service_id", "agegroup_id"),
                ((s, rng.choice(self.age_groups)) for s in services if rng.random() < 0.4),
            )
        self.writer.objects(
            ServiceAtLocation,
            (ServiceAtLocation(service_id=s, location_id=rng.choice(locations)) for s in services),
            keep_ids=False,
        )

    def channels(self, services):
        for n, service in enumerate(services):
            yield ContactChannel(
                service_id=service,
                kind=ContactChannel.Kind.PHONE,
                value=f"09 {200 + n % 700:03d} {n % 100:02d} {n // 100 % 100:02d}",
            )
            yield ContactChannel(
                service_id=service,
                kind=ContactChannel.Kind.EMAIL,
                value=f"dienst{n}@voorbeeld.be",
                position=1,
            )


WRITTEN_MODELS = (
    Organization,
    Location,
    Service,
    Service.problem_types.through,
    Service.serves_cities.through,
    Service.serves_neighbourhoods.through,
    Service.languages.through,
    Service.age_groups.through,
    ServiceAtLocation,
    ContactChannel,
    OpeningHours,
)
