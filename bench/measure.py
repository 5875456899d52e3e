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
FILTERS = "/diensten/?stad=gent&gratis=on&tolk=on"
LIST = f"{FILTERS}&q={SEARCH}"
# The words bench/latency.lua searches for in "words" mode.
WORDS = re.findall(r'"(\w+)"', (LUA.read_text().split("local words = {")[1].split("}")[0]))
ONE = "list: 3 filters + varied q, cache miss, 1 connection"
# (name, path, mode: None for a repeated URL, else how latency.lua makes every request a
# page-cache miss; connections: None for --connections)
PAGES = [
    ("bare Django view", "/__bench__/bare/", None, None),
    ("bare Django view, 1 connection", "/__bench__/bare/", None, 1),
    ("home", "/", None, None),
    ("list: 3 filters + q", LIST, None, None),
    ("list: 3 filters + q, cache miss", LIST, "unique", None),
    ("list: 3 filters + varied q, cache miss", FILTERS, "words", None),
    (ONE, FILTERS, "words", 1),
    ("list: stad=gent, varied page, cache miss", "/diensten/?stad=gent", "pages", None),
    ("list: taal=ar, varied page, cache miss", "/diensten/?taal=ar", "pages", None),
    ("problem page, varied page, cache miss", "/problemen/eenzaamheid/", "pages", None),
    ("service detail", "/diensten/caw-onthaal-gent/", None, None),
    ("service detail, cache miss", "/diensten/caw-onthaal-gent/", "unique", None),
    ("HSDS API list", "/api/hsds/services/", None, None),
    ("HSDS API list, cache miss", "/api/hsds/services/?page=3", "unique", None),
]
# The issue 18 goals: (figure, page, what is compared, goal at each size)
GOALS = [
    ("list, cache miss, filters + varied search word", "list: 3 filters + varied q, cache miss",
     "ratio", {10_000: 0.10, 100_000: 0.07}),
    ("list, cache miss, only the page number varying", "list: stad=gent, varied page, cache miss",
     "ratio", {}),
    ("list, cache miss, 1 connection: p95 ms", ONE, "p95", {10_000: 25}),
    ("problem page (eenzaamheid), cache miss, page number varying",
     "problem page, varied page, cache miss", "ratio", {}),
    ("service page, cache miss", "service detail, cache miss", "ratio",
     {10_000: 0.15, 100_000: 0.15}),
    ("HSDS list, cache miss", "HSDS API list, cache miss", "ratio",
     {10_000: 0.10, 100_000: 0.10}),
]  # fmt: skip


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
    """Migrate, load the demo and, unless they are there already, the generated services;
    return how long generate_bulk took (None when it did not run)."""
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")
    count = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from directory.models import Service;"
         "print(Service.objects.filter(slug__startswith='bulk-').count())"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip
    generated = None
    if int(count) != services:
        began = time.monotonic()
        manage(env, "generate_bulk", "--services", str(services), "--clear", "-v0")
        generated = time.monotonic() - began
    manage(env, "collectstatic", "--noinput", "-v0")
    vacuum(env["DATABASE_URL"])
    return generated


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


def start_gunicorn(env, workers, stderr=None):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env, stderr=stderr,
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


def stop(server):
    """Stop gunicorn; on a loaded machine its workers may still be busy with queued slow
    renders, so after 20 s it is killed."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


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
        **{p: statistics.median(r[p] for r in rounds) for p in ("p50", "p95", "p99", "load")},
        "rounds": [r["rps"] for r in rounds],
    }


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def with_unique_parameter(path):
    return f"{path}{'&' if '?' in path else '?'}uncached={time.time_ns()}"


def miss_path(path: str, number: int, tag: str = "") -> str:
    """The ``number``-th page-cache miss of ``path`` in one process: ``{w}`` replaced by the
    search words in turn, and an ``uncached`` marker of its own (bench/settings.py)."""
    separator = "&" if "?" in path else "?"
    return f"{path.replace('{w}', WORDS[number % len(WORDS)])}{separator}uncached={tag}{number}"


def server_cpu_seconds(connection) -> float | None:
    """The CPU time of this connection's PostgreSQL backend so far, when it runs on this
    machine (read from /proc), else None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def inspect():
    """Run as ``measure.py --inspect`` in the environment of one database (Django can be set
    up only once per process): print as JSON the queries per page with Django's test client
    (on a page-cache miss, on a hit), the services each list URL touches, and EXPLAIN ANALYZE
    of the search query."""
    sys.path.insert(0, str(ROOT))
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
    from bench.search_sql import search_sql_rows
    from directory.search import RESULT_CAP

    queryset = Service.objects.published().active()
    plan = queryset.search(SEARCH, limit=RESULT_CAP + 1)[:21].explain(analyze=True)
    total = Service.objects.published().active().count()
    search_sql = search_sql_rows(runs=5)
    print(json.dumps({"counts": counts, "touched": touched, "plan": plan, "total": total,
                      "search_sql": search_sql}))  # fmt: skip


def inspected(env):
    output = subprocess.run(
        [sys.executable, __file__, "--inspect"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.splitlines()[-1])


def cache_description(env):
    if env.get("REDIS_URL"):
        return f"page cache in Redis ({env['REDIS_URL']})"
    return "page cache in each worker's memory (no REDIS_URL)"


def touched_text(touched):
    low, middle, high = touched
    if low == high:
        return f"{low:,}"
    return f"{low:,}–{high:,} (median {middle:,.0f})"


def ratio_of(result, bare):
    """The mean throughput against the bare view's, and its range over the rounds."""
    pairs = zip(result["rounds"], bare["rounds"], strict=True)
    ratios = [rps / base for rps, base in pairs if base] or [0.0]
    return result["rps"] / bare["rps"] if bare["rps"] else 0.0, min(ratios), max(ratios)


def print_results(args, env, size, run):
    results, info, memory, generated = run["results"], run["info"], run["memory"], run["generated"]
    print(f"\n### {size:,} bulk services + demo data ({info['total']:,} published and active)\n")
    print(f"gunicorn {args.workers} sync workers, wrk 2 threads {args.connections} connections "
          f"(1 thread, 1 connection where the page says so), {args.rounds} rounds of "
          f"{args.duration} s per page, {cache_description(env)}; the load average is the "
          "machine's 1-minute average at the end of each run (median over the rounds).\n"
    )  # fmt: skip
    print("| page | req/s | vs bare (range over the rounds) | p50 ms | p95 ms | p99 ms | errors "
          "| load avg | services the URL touches | queries miss / hit |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _, mode, connections in PAGES:
        result = results[name]
        miss, hit = info["counts"][name]
        queries = f"{miss}" if mode else f"{miss} / {hit}"
        touched = touched_text(info["touched"][name]) if name in info["touched"] else ""
        if result is None:
            print(f"| {name} | not available | | | | | | | {touched} | {queries} |")
            continue
        if not result["requests"]:
            print(f"| {name} | no answer within {args.duration} s | | | | | | | {touched} "
                  f"| {queries} |")  # fmt: skip
            continue
        bare = results[PAGES[1][0] if connections == 1 else PAGES[0][0]]
        ratio, low, high = ratio_of(result, bare)
        print(
            f"| {name} | {result['rps']:.0f} | {ratio:.1%} ({low:.1%}–{high:.1%}) "
            f"| {result['p50']:.1f} | {result['p95']:.1f} | {result['p99']:.1f} "
            f"| {int(result['errors'] + result['non2xx'])} | {result['load']:.1f} | {touched} "
            f"| {queries} |"
        )
    (start, warm, end), total = memory
    print("\n| gunicorn worker | RSS at start | after a 2 s warm-up per page "
          f"| after the run ({total} measured requests) |")  # fmt: skip
    print("| --- | ---: | ---: | ---: |")
    for number, pid in enumerate(sorted(end), 1):
        cells = [f"{snapshot[pid] / 1024:.1f} MiB" if pid in snapshot else "restarted"
                 for snapshot in (start, warm, end)]  # fmt: skip
        print(f"| {number} | {' | '.join(cells)} |")
    if generated is not None:
        print(f"\n`generate_bulk --services {size}` took {generated:.0f} s in this run.")
    sys.path.insert(0, str(ROOT))
    from bench.search_sql import markdown

    print("\nSearch SQL (EXPLAIN ANALYZE, median of 5 runs per word, planning included):\n")
    print(markdown(info["search_sql"]))
    if info["plan"]:
        print(f"\nEXPLAIN ANALYZE of the list's search for '{SEARCH}':\n{info['plan']}")


def search_sql_goals(runs):
    """The search SQL rows of the goals: (figure, cells) with a value and a goal per size."""
    medians, maxima, ratios = [], [], []
    for size, run in runs.items():
        rows = run["info"]["search_sql"]
        listed = [row[3] for row in rows]
        typos = statistics.median(row[3] for row in rows if row[1])
        correct = statistics.median(row[3] for row in rows if not row[1])
        goal = size >= 100_000
        medians += [f"{statistics.median(listed):.1f} ms", "≤ 20 ms"]
        maxima += [f"{max(listed):.1f} ms", "≤ 50 ms" if goal else ""]
        ratios += [f"{typos / correct:.2f}", "≤ 2"]
    return [
        (f"search SQL, median of {len(rows)} words and typos", medians),
        ("search SQL, slowest word", maxima),
        ("a typo's search against a correct word's (medians)", ratios),
    ]


def print_goals(runs):
    """The issue 18 goals, each size side by side (ratios to the bare view of the same run)."""
    sizes = list(runs)
    print("\n### Goals of issue 18\n")
    print("| figure | " + " | ".join(f"{size:,} services | goal" for size in sizes) + " |")
    print("| --- |" + " ---: | ---: |" * len(sizes))
    for figure, page, compared, goals in GOALS:
        cells = []
        for size in sizes:
            results = runs[size]["results"]
            result = results.get(page)
            goal = goals.get(size)
            if not result or not result["requests"]:
                cells += ["not measured", ""]
            elif compared == "p95":
                cells += [f"{result['p95']:.1f} ms (load {result['load']:.1f})",
                          f"≤ {goal} ms" if goal else ""]  # fmt: skip
            else:
                ratio, low, high = ratio_of(result, results[PAGES[0][0]])
                cells += [f"{ratio:.1%} ({low:.1%}–{high:.1%}; load {result['load']:.1f})",
                          f"≥ {goal:.0%}" if goal else ""]  # fmt: skip
        print(f"| {figure} | " + " | ".join(cells) + " |")
    for figure, cells in search_sql_goals(runs):
        print(f"| {figure} | " + " | ".join(cells) + " |")
    for size in sizes:
        if runs[size]["generated"] is not None:
            print(f"| generate_bulk --services {size} | {runs[size]['generated']:.0f} s "
                  "| ≤ 120 s |")  # fmt: skip


def database_for(url, size, several):
    if not several:
        return url
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


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
