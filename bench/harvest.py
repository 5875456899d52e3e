"""Harvest the HSDS API as another system would, at 10,000 services (issue 15).

Usage: DATABASE_URL=... .venv/bin/python bench/harvest.py [--services 10000] [--workers 2]

Uses bench/measure.py's database (demo data plus generate_bulk services, tracked for
last_modified with track_open_data) and gunicorn with production settings, then:
1. a full harvest: every page of /services?full=true&per_page=100, then the other lists;
2. the same in one request: /services?format=ndjson&full=true;
3. 10 services edited through the ORM (as the admin would: signals run), then a
   /services?modified_after=<before the edits>&full=true harvest (target < 1 s and < 50 KB).
Bytes are counted as sent (gzip, asked for with Accept-Encoding) and unpacked.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import environment, manage, prepare, start_gunicorn  # noqa: E402

# One streamed ndjson answer of the whole dataset outlasts gunicorn's default 30 s worker timeout
# on a loaded machine: production serving format=ndjson needs a longer --timeout too.
STREAM_TIMEOUT = 600


EDIT_SCRIPT = """
from django.utils import timezone
from directory.models import Service
before = timezone.now()
for service in Service.objects.published().filter(slug__startswith='bulk-').order_by('pk')[:10]:
    service.summary = (service.summary + ' (bijgewerkt)')[:200]
    service.save()
print(before.isoformat())
"""


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        sent = response.read()
        encoding = response.headers.get("Content-Encoding")
    elapsed = time.perf_counter() - started
    body = gzip.decompress(sent) if encoding == "gzip" else sent
    return body, len(sent), elapsed


def walk(base, path, **params):
    """Every page of a list: (records, requests, bytes sent, bytes unpacked, seconds)."""
    records = requests = sent = unpacked = 0
    seconds, page = 0.0, 1
    while True:
        query = urllib.parse.urlencode({**params, "page": page, "per_page": 100})
        body, size, elapsed = fetch(f"{base}/api/hsds/{path}?{query}")
        data = json.loads(body)
        records += data["size"]
        requests += 1
        sent += size
        unpacked += len(body)
        seconds += elapsed
        if data["last_page"]:
            return records, requests, sent, unpacked, seconds
        page += 1


def kib(size):
    return f"{size / 1024:,.0f} KiB" if size < 10 * 1024 * 1024 else f"{size / 2**20:,.1f} MiB"


def row(label, records, requests, sent, unpacked, seconds):
    sizes = f"{kib(sent)} | {kib(unpacked)}"
    print(f"| {label} | {records:,} | {requests:,} | {seconds:.2f} s | {sizes} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-walk", action="store_true", help="only ndjson and changes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as static_root:
        env = environment(static_root)
        env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wegwijs_bench")
        prepare(env, args.services)
        manage(env, "track_open_data")
        server, base = start_gunicorn(env, args.workers, options=("--timeout", str(STREAM_TIMEOUT)))
        try:
            print("\n| harvest | records | requests | time | bytes sent (gzip) | unpacked |")
            print("| --- | ---: | ---: | ---: | ---: | ---: |")
            if not args.skip_walk:
                row("services, full, 100 per page (miss)", *walk(base, "services", full="true"))
                row("the same again (page cache)", *walk(base, "services", full="true"))
                for path in (
                    "organizations",
                    "taxonomies",
                    "taxonomy_terms",
                    "service_at_locations",
                ):
                    row(path, *walk(base, path))
            body, size, elapsed = fetch(f"{base}/api/hsds/services?format=ndjson&full=true")
            row("services, full, format=ndjson (1 request)", body.count(b"\n"), 1, size,
                len(body), elapsed)  # fmt: skip
            edit = subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", EDIT_SCRIPT],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            )  # fmt: skip
            since = edit.stdout.split()[-1]
            time.sleep(1.1)  # the other workers read the new cache generation within a second
            row("modified_after, 10 edits, full", *walk(base, "services", full="true",
                                                        modified_after=since))  # fmt: skip
            row("modified_after, 10 edits, again", *walk(base, "services", full="true",
                                                         modified_after=since))  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
