"""Load-test Wegwijs under gunicorn with wrk and print Markdown tables ready for README:
throughput and latency of each page side by side with a bare Django view on the same server,
queries per page on a page-cache miss and hit, worker memory at start, after the warm-up and at
the end, and the search SQL plan. Called by bench/run, which sets REDIS_URL when Redis answers.

Repeated requests for one URL are served by the page cache (pagecache); the "cache miss" rows
add a query parameter seen once to every request, so they measure rendering the page."""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "latency.lua"
SEARCH = "psycholoog"
DRAIN_SECONDS = 3
LIST = f"/diensten/?stad=gent&gratis=on&tolk=on&q={SEARCH}"
# (name, path, every request a new URL: never a page-cache hit)
PAGES = [
    ("bare Django view", "/__bench__/bare/", False),
    ("home", "/", False),
    ("list: 3 filters + q", LIST, False),
    ("list: 3 filters + q, cache miss", LIST, True),
    ("service detail", "/diensten/caw-onthaal-gent/", False),
    ("HSDS API list", "/api/hsds/services/", False),
    ("HSDS API list, cache miss", "/api/hsds/services/?page=3", True),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
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


def environment(static_root):
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "b" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env, services):
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")
    count = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from directory.models import Service;"
         "print(Service.objects.filter(slug__startswith='bulk-').count())"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip
    if int(count) != services:
        manage(env, "generate_bulk", "--services", str(services), "--clear", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    vacuum(env["DATABASE_URL"])


def vacuum(url):
    """Clean up after the writes above and refresh the planner's statistics, as autovacuum does
    in production. Without it (autovacuum is off on some machines) load_demo's rewrite of every
    search document leaves three dead rows per service, and the planner misjudges the table."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, workers):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/__bench__/bare/", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_rss_kib(master_pid):
    rss = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            rss[status.parent.name] = int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1))
    return rss


def warm_up(url, connections, unique=False):
    extra = ["--", "unique"] if unique else []
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d2s", "-s", str(LUA), url, *extra],
        check=True, capture_output=True,
    )  # fmt: skip


def run_wrk(url, duration, connections, unique=False):
    extra = ["--", "unique"] if unique else []
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA),
         url, *extra],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    return {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}


def combined(rounds):
    """One page's rounds as one result: requests and errors added up, the mean throughput, the
    median of each latency percentile, and each round's throughput (for the ratio's range)."""
    if not rounds:
        return None
    return {
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "non2xx": sum(r["non2xx"] for r in rounds),
        "rps": statistics.mean(r["rps"] for r in rounds),
        **{p: statistics.median(r[p] for r in rounds) for p in ("p50", "p95", "p99")},
        "rounds": [r["rps"] for r in rounds],
    }


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def with_unique_parameter(path):
    return f"{path}{'&' if '?' in path else '?'}uncached={time.time_ns()}"


def queries_and_plan(env):
    """Queries per page with Django's test client, (on a page-cache miss, on a hit), and
    EXPLAIN ANALYZE of the search query."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from directory.models import Service

    client, counts = Client(), {}

    def queries(path):
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        return len(executed)

    for name, path, _ in PAGES:
        miss = queries(with_unique_parameter(path))
        client.get(path)
        counts[name] = (miss, queries(path))
    plan = ""
    queryset = Service.objects.published().active()
    if hasattr(queryset, "search"):
        plan = queryset.search(SEARCH).explain(analyze=True)
    return counts, plan


def cache_description(env):
    if env.get("REDIS_URL"):
        return f"page cache in Redis ({env['REDIS_URL']})"
    return "page cache in each worker's memory (no REDIS_URL)"


def print_results(args, env, results, counts, memory, elapsed):
    bare = results[PAGES[0][0]]
    print(f"\n{args.services} bulk services + demo data, gunicorn {args.workers} sync workers, "
          f"wrk 2 threads {args.connections} connections, {args.rounds} rounds of "
          f"{args.duration} s per page, {cache_description(env)}\n")  # fmt: skip
    print("| page | req/s | vs bare (range over the rounds) | p50 ms | p95 ms | p99 ms | errors "
          "| queries miss / hit |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _, unique in PAGES:
        result = results[name]
        miss, hit = counts[name]
        queries = f"{miss}" if unique else f"{miss} / {hit}"
        if result is None:
            print(f"| {name} | not available | | | | | | {queries} |")
            continue
        if not result["requests"]:
            print(f"| {name} | no answer within {args.duration} s | | | | | | {queries} |")
            continue
        ratios = [
            rps / bare_rps for rps, bare_rps in zip(result["rounds"], bare["rounds"], strict=True)
        ]
        print(
            f"| {name} | {result['rps']:.0f} | {result['rps'] / bare['rps']:.0%} "
            f"({min(ratios):.0%}–{max(ratios):.0%}) | {result['p50']:.1f} "
            f"| {result['p95']:.1f} | {result['p99']:.1f} "
            f"| {int(result['errors'] + result['non2xx'])} | {queries} |"
        )
    (start, warm, end), total = memory
    print("\n| gunicorn worker | RSS at start | after a 2 s warm-up per page "
          f"| after the run ({total} measured requests) |")  # fmt: skip
    print("| --- | ---: | ---: | ---: |")
    for number, pid in enumerate(sorted(end), 1):
        cells = [f"{snapshot[pid] / 1024:.1f} MiB" if pid in snapshot else "restarted"
                 for snapshot in (start, warm, end)]  # fmt: skip
        print(f"| {number} | {' | '.join(cells)} |")
    print(f"\nThe whole run took {elapsed / 60:.1f} minutes.")


def main():
    began = time.monotonic()
    args = parse_args()
    with tempfile.TemporaryDirectory() as static_root:
        env = environment(static_root)
        prepare(env, args.services)
        server, base = start_gunicorn(env, args.workers)
        try:
            rss_start = worker_rss_kib(server.pid)
            available = [page for page in PAGES if status_of(base + page[1]) == 200]
            for _, path, unique in available:
                warm_up(base + path, args.connections, unique)
            rss_warm = worker_rss_kib(server.pid)
            rounds = {name: [] for name, _, _ in available}
            for _ in range(args.rounds):
                for name, path, unique in available:
                    measured = run_wrk(base + path, args.duration, args.connections, unique)
                    rounds[name].append(measured)
                    if unique:
                        # wrk stops with slow renders still queued; they must not slow the next
                        # page's first requests.
                        time.sleep(DRAIN_SECONDS)
            results = {name: combined(rounds.get(name)) for name, _, _ in PAGES}
            rss_end = worker_rss_kib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
        counts, plan = queries_and_plan(env)

    requests = sum(int(result["requests"]) for result in results.values() if result)
    memory = ((rss_start, rss_warm, rss_end), requests)
    print_results(args, env, results, counts, memory, time.monotonic() - began)
    if plan:
        print(f"\nEXPLAIN ANALYZE of the search for '{SEARCH}':\n{plan}")


if __name__ == "__main__":
    main()
