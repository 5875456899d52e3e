"""Benchmark: render a 12-service A4 referral card to PDF, N times, and print the timings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wegwijs .venv/bin/python bench/card_pdf.py [N]

It loads the demo data (fixtures/) and adds services with a phone number, an e-mail address and
an address until there are 12, all inside a transaction that is rolled back at the end, so the
database is left as it was. The target is under 1 second per PDF on the project's machine. Card
building (database) and PDF rendering (WeasyPrint) are timed separately; "cpu" is the process's
CPU time per PDF, which stays meaningful when other jobs share the machine.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from directory.models import (  # noqa: E402  # noqa: E402
    City,
    ContactChannel,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
)
from referrals.card import build_card  # noqa: E402
from referrals.pdf import render_card_pdf  # noqa: E402
from referrals.session import CardEntry, CardState  # noqa: E402

SERVICES = 12


class Rollback(Exception):
    pass


def twelve_services() -> list[int]:
    call_command("load_demo", verbosity=0)
    ids = list(Service.objects.published().active().values_list("pk", flat=True)[:SERVICES])
    organization = Organization.objects.order_by("pk").first()
    city = City.objects.order_by("pk").first()
    for number in range(SERVICES - len(ids)):
        service = Service.objects.create(
            organization=organization,
            name=f"Benchmarkdienst {number}",
            slug=f"bench-dienst-{number}",
            summary="Gratis hulp bij persoonlijke en relationele problemen.",
            is_published=True,
        )
        ContactChannel.objects.create(service=service, kind="telefoon", value="053 72 32 07")
        ContactChannel.objects.create(
            service=service, kind="email", value=f"bench{number}@wegwijs.example"
        )
        location = Location.objects.create(
            name=f"Bench {number}", slug=f"bench-{number}", address="Werf 9", city=city
        )
        ServiceAtLocation.objects.create(service=service, location=location)
        ids.append(service.pk)
    return ids


def main(runs: int) -> None:
    try:
        with transaction.atomic():
            state = CardState(entries=[CardEntry(pk) for pk in twelve_services()], layout="a4")
            appointments = {state.entries[0].service_id: "dinsdag 14 mei om 10 uur"}
            build_times, render_times, cpu_times = [], [], []
            for run in range(runs + 1):  # the first run warms fonts and caches; not counted
                start, cpu_start = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    card = build_card(
                        state, base_url="https://wegwijs.example/", appointments=appointments
                    )
                built = time.perf_counter()
                rendered = render_card_pdf(card)
                done = time.perf_counter()
                if run:
                    build_times.append(built - start)
                    render_times.append(done - built)
                    cpu_times.append(time.process_time() - cpu_start)
            raise Rollback
    except Rollback:
        pass

    Path(os.environ.get("BENCH_PDF", "/dev/null")).write_bytes(rendered.content)
    pages = len(PdfReader(__import__("io").BytesIO(rendered.content)).pages)
    totals = [b + r for b, r in zip(build_times, render_times, strict=True)]
    print(f"12-service A4 card, {runs} runs: {pages} pages, {len(rendered.content):,} bytes")
    print(f"  queries per card: {len(queries.captured_queries)}")
    timings = (
        ("build", build_times),
        ("render", render_times),
        ("total", totals),
        ("cpu", cpu_times),  # CPU time of this process: steadier on a busy machine
    )
    for label, values in timings:
        print(
            f"  {label:>6}: median {statistics.median(values) * 1000:6.0f} ms, "
            f"min {min(values) * 1000:6.0f} ms, max {max(values) * 1000:6.0f} ms"
        )
    verdict = "OK" if statistics.median(totals) < 1 else "TOO SLOW"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"  target: under 1000 ms per PDF -> {verdict} (load average {load}, {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
