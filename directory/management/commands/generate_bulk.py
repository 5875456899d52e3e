"""Build a large synthetic directory for benchmarks: many cities, organisations and services.

Rows are written with bulk_create in batches, so 10,000 services take seconds, not minutes.
Everything it creates has a slug starting with ``bulk-``; ``--clear`` removes a previous run.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

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
BATCH = 2000
TOWNS = [
    "Antwerpen",
    "Brugge",
    "Leuven",
    "Mechelen",
    "Hasselt",
    "Kortrijk",
    "Oostende",
    "Sint-Niklaas",
    "Genk",
    "Roeselare",
    "Turnhout",
    "Dendermonde",
    "Lokeren",
    "Geel",
    "Vilvoorde",
    "Ninove",
    "Halle",
    "Lier",
    "Waregem",
    "Beveren",
    "Herentals",
    "Ieper",
    "Tienen",
    "Deinze",
    "Eeklo",
    "Oudenaarde",
    "Zottegem",
    "Wetteren",
    "Tielt",
    "Diest",
    "Maasmechelen",
    "Lommel",
    "Mol",
    "Heist-op-den-Berg",
    "Knokke-Heist",
    "Brasschaat",
    "Schoten",
    "Zaventem",
    "Izegem",
    "Tongeren",
]
QUARTERS = ["Centrum", "Noord", "Zuid", "Oost", "West", "Station", "Kerkwijk", "Molenwijk"]
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
        if not problems:
            raise CommandError("Load the problem types first: manage.py load_demo")
        if clear:
            self.clear()
        elif Service.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("A bulk set exists already; add --clear to replace it.")
        with transaction.atomic():
            self.generate(services, random.Random(seed), problems)
            # bulk_create skips the signals that keep the search columns current.
            refresh_search_fields(
                Service.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True)
            )
        self.refresh_planner_statistics()
        forget_all_pages()  # bulk_create skips the signals that do this too
        self.stdout.write(f"Generated {services} services.")

    def refresh_planner_statistics(self):
        """After a bulk load PostgreSQL's planner still thinks the tables are small until
        autovacuum comes by; benchmarks right after loading would measure bad plans."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def clear(self):
        with transaction.atomic():
            Service.objects.filter(slug__startswith=PREFIX).delete()
            Location.objects.filter(slug__startswith=PREFIX).delete()
            Organization.objects.filter(slug__startswith=PREFIX).delete()
            Neighbourhood.objects.filter(slug__startswith=PREFIX).delete()
            City.objects.filter(slug__startswith=PREFIX).delete()

    def generate(self, count, rng, problems):
        cities = City.objects.bulk_create(
            City(name=f"{town} (test)", slug=f"{PREFIX}{town.lower()}") for town in TOWNS
        )
        neighbourhoods = Neighbourhood.objects.bulk_create(
            Neighbourhood(city=city, name=quarter, slug=f"{city.slug}-{quarter.lower()}")
            for city in cities
            for quarter in QUARTERS
        )
        organizations = Organization.objects.bulk_create(
            Organization(name=f"Testorganisatie {n}", slug=f"{PREFIX}org-{n}")
            for n in range(max(1, count // 10))
        )
        locations = Location.objects.bulk_create(
            Location(
                name=f"Locatie {n}",
                slug=f"{PREFIX}loc-{n}",
                address=f"Kerkstraat {n % 200 + 1}",
                postcode=str(rng.randint(1000, 9999)),
                city=(hood := rng.choice(neighbourhoods)).city,
                neighbourhood=hood,
                latitude=round(rng.uniform(50.7, 51.4), 6),
                longitude=round(rng.uniform(2.6, 5.8), 6),
                organization=rng.choice(organizations),
            )
            for n in range(max(1, count // 2))
        )
        languages = list(Language.objects.all())
        age_groups = list(AgeGroup.objects.all())
        service_rows = []
        for n in range(count):
            word, summary = rng.choice(SERVICE_WORDS)
            service_rows.append(
                Service(
                    organization=rng.choice(organizations),
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
            )
        services = Service.objects.bulk_create(service_rows, batch_size=BATCH)

        through = Service.problem_types.through
        through.objects.bulk_create(
            (
                through(service=service, problemtype=problem)
                for service in services
                for problem in rng.sample(problems, 2)
            ),
            batch_size=BATCH,
        )
        cities_through = Service.serves_cities.through
        hoods_through = Service.serves_neighbourhoods.through
        city_links, hood_links = [], []
        for service in services:
            if rng.random() < 0.5:
                city_links.append(cities_through(service=service, city=rng.choice(cities)))
            else:
                hood_links.append(
                    hoods_through(service=service, neighbourhood=rng.choice(neighbourhoods))
                )
        cities_through.objects.bulk_create(city_links, batch_size=BATCH)
        hoods_through.objects.bulk_create(hood_links, batch_size=BATCH)
        if languages:
            lang_through = Service.languages.through
            lang_through.objects.bulk_create(
                (lang_through(service=s, language=rng.choice(languages)) for s in services),
                batch_size=BATCH,
            )
        if age_groups:
            age_through = Service.age_groups.through
            age_through.objects.bulk_create(
                (
                    age_through(service=s, agegroup=rng.choice(age_groups))
                    for s in services
                    if rng.random() < 0.4
                ),
                batch_size=BATCH,
            )
        ServiceAtLocation.objects.bulk_create(
            (ServiceAtLocation(service=s, location=rng.choice(locations)) for s in services),
            batch_size=BATCH,
        )
        ContactChannel.objects.bulk_create(
            (
                channel
                for n, service in enumerate(services)
                for channel in (
                    ContactChannel(
                        service=service,
                        kind=ContactChannel.Kind.PHONE,
                        value=f"09 {200 + n % 700:03d} {n % 100:02d} {n // 100 % 100:02d}",
                    ),
                    ContactChannel(
                        service=service,
                        kind=ContactChannel.Kind.EMAIL,
                        value=f"dienst{n}@voorbeeld.be",
                        position=1,
                    ),
                )
            ),
            batch_size=BATCH,
        )
        OpeningHours.objects.bulk_create(
            (
                OpeningHours(
                    location=location,
                    weekday=day,
                    opens_at=datetime.time(9),
                    closes_at=datetime.time(17),
                )
                for location in locations
                for day in range(1, 6)
            ),
            batch_size=BATCH,
        )
