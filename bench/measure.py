"""Load-test Wegwijs under gunicorn with wrk and print Markdown tables ready for README:
throughput and latency of each page side by side with a bare Django view on the same server,
the load average during each, the services each list URL touches, queries per page on a
page-cache miss and hit, worker memory at start, after the warm-up and at the end, and the
search SQL plan; with several --services sizes, each in its own database, and a table of the
issue 18 goals with every size side by side. Called by bench/run, which sets REDIS_URL when
Redis answers.

Repeated requests for one URL are served by the page cache (pagecache); the "cache miss" rows
add a query parameter seen once to every request (and, for the list, a search word or page
number taken in turn), so they measure rendering the page."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import LUA, PAGES, SEARCH, WORDS, with_unique_parameter  # noqa: E402
from bench.report import combined, print_goals, print_results  # noqa: E402
from bench.server import (  # noqa: E402
    database_for,
    environment,
    prepare,
    start_gunicorn,
    stop,
    worker_rss_kib,
)

DRAIN_SECONDS = 3


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--services",
        type=lambda text: [int(size) for size in text.split(",")],
        default=[10_000],
        help="the number of generated services, or several separated by commas (10000,100000): "
        "each size then lives in its own database, named after DATABASE_URL's plus _<size>",
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per page and round")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure the pages one after the other this many times, so that a slower or faster "
        "spell of a shared machine affects every page alike",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    return parser.parse_args()


def warm_up(url, connections, mode=None):
    extra = ["--", mode] if mode else []
    subprocess.run(
        ["wrk", "-t1" if connections == 1 else "-t2", f"-c{connections}", "-d2s", "-s", str(LUA),
         url, *extra],
        check=True, capture_output=True,
    )  # fmt: skip


def run_wrk(url, duration, connections, mode=None):
    """One wrk run, with the 1-minute load average of the machine at its end."""
    extra = ["--", mode] if mode else []
    output = subprocess.run(
        ["wrk", "-t1" if connections == 1 else "-t2", f"-c{connections}", f"-d{duration}s",
         "--timeout", "10s", "-s", str(LUA), url, *extra],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    result = {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}
    result["load"] = os.getloadavg()[0]
    return result


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def inspect():
    """Run as ``measure.py --inspect`` in the environment of one database (Django can be set
    up only once per process): print as JSON the queries per page with Django's test client
    (on a page-cache miss, on a hit), the services each list URL touches, and EXPLAIN ANALYZE
    of the search query."""
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from directory.filters import ServiceFilter
    from directory.models import Service

    client, counts, touched = Client(), {}, {}

    def queries(path):
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        return len(executed)

    def matching(path, **extra):
        data = QueryDict(urllib.parse.urlsplit(path).query, mutable=True)
        data.update(extra)
        return ServiceFilter(data, queryset=Service.objects.published().active()).qs.count()

    for name, path, mode, _ in PAGES:
        example = path
        if mode == "words":
            example = f"{path}&q={WORDS[0]}"
        miss = queries(with_unique_parameter(example))
        client.get(example)
        counts[name] = (miss, queries(example))
        if path.startswith("/diensten/?"):
            if mode == "words":
                found = sorted(matching(path, q=word) for word in WORDS)
                touched[name] = (found[0], statistics.median(found), found[-1])
            else:
                touched[name] = (matching(path),) * 3
    from bench.search_sql import filtered_search_rows, search_sql_rows
    from directory.search import RESULT_CAP

    queryset = Service.objects.published().active()
    plan = queryset.search(SEARCH, limit=RESULT_CAP + 1)[:21].explain(analyze=True)
    total = Service.objects.published().active().count()
    search_sql = search_sql_rows(runs=5)
    filtered = filtered_search_rows(runs=3)
    print(json.dumps({"counts": counts, "touched": touched, "plan": plan, "total": total,
                      "search_sql": search_sql, "filtered_search_sql": filtered}))  # fmt: skip


def inspected(env):
    output = subprocess.run(
        [sys.executable, __file__, "--inspect"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.splitlines()[-1])


def measure(args, env, size):
    generated = prepare(env, size)
    server, base = start_gunicorn(env, args.workers)
    try:
        rss_start = worker_rss_kib(server.pid)
        available = [page for page in PAGES if status_of(base + page[1]) == 200]
        for _, path, mode, connections in available:
            warm_up(base + path, connections or args.connections, mode)
        rss_warm = worker_rss_kib(server.pid)
        rounds = {name: [] for name, *_ in available}
        for _ in range(args.rounds):
            for name, path, mode, connections in available:
                clients = connections or args.connections
                measured = run_wrk(base + path, args.duration, clients, mode)
                rounds[name].append(measured)
                if mode:
                    # wrk stops with slow renders still queued; they must not slow the next
                    # page's first requests.
                    time.sleep(DRAIN_SECONDS)
        results = {name: combined(rounds.get(name)) for name, *_ in PAGES}
        rss_end = worker_rss_kib(server.pid)
    finally:
        stop(server)
    requests = sum(int(result["requests"]) for result in results.values() if result)
    return {
        "results": results,
        "info": inspected(env),
        "memory": ((rss_start, rss_warm, rss_end), requests),
        "generated": generated,
    }


def main():
    if sys.argv[1:] == ["--inspect"]:
        inspect()
        return
    began = time.monotonic()
    args = parse_args()
    runs = {}
    with tempfile.TemporaryDirectory() as static_root:
        base_env = environment(static_root)
        for size in args.services:
            url = database_for(base_env["DATABASE_URL"], size, len(args.services) > 1)
            env = {**base_env, "DATABASE_URL": url}
            runs[size] = measure(args, env, size)
            print_results(args, env, size, runs[size])
            sys.stdout.flush()
    print_goals(runs)
    print(f"\nThe whole run took {(time.monotonic() - began) / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
