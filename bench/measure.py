"""Load-test Wegwijs under gunicorn with wrk and print one table: throughput and latency of each
page side by side with a bare Django view on the same server, queries per page, the search SQL
plan, and worker memory before and after the run. Called by bench/run."""

import argparse
import os
import re
import socket
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
PAGES = [
    ("bare Django view", "/__bench__/bare/"),
    ("home", "/"),
    ("list: 3 filters + q", f"/diensten/?stad=gent&gratis=on&tolk=on&q={SEARCH}"),
    ("service detail", "/diensten/caw-onthaal-gent/"),
    ("HSDS API list", "/api/hsds/services/"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
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


def run_wrk(url, duration, connections):
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", "-d2s", url], check=True, capture_output=True
    )  # warm-up
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(LUA), url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    return {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def queries_and_plan(env):
    """Queries per page with Django's test client, and EXPLAIN ANALYZE of the search query."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory.models import Service

    client, counts = Client(), {}
    for name, path in PAGES:
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[name] = len(queries)
    plan = ""
    queryset = Service.objects.published().active()
    if hasattr(queryset, "search"):
        plan = queryset.search(SEARCH).explain(analyze=True)
    return counts, plan


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as static_root:
        env = environment(static_root)
        prepare(env, args.services)
        server, base = start_gunicorn(env, args.workers)
        try:
            rss_before = worker_rss_kib(server.pid)
            results = {}
            for name, path in PAGES:
                if status_of(base + path) != 200:
                    results[name] = None
                    continue
                results[name] = run_wrk(base + path, args.duration, args.connections)
            rss_after = worker_rss_kib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
        counts, plan = queries_and_plan(env)

    bare = results[PAGES[0][0]]["rps"]
    print(f"\n{args.services} bulk services + demo data, gunicorn {args.workers} sync workers, "
          f"wrk 2 threads {args.connections} connections {args.duration}s per page\n")  # fmt: skip
    print("| page | req/s | vs bare | p50 ms | p95 ms | p99 ms | errors | queries |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _ in PAGES:
        result = results[name]
        if result is None:
            print(f"| {name} | not available | | | | | | |")
            continue
        print(
            f"| {name} | {result['rps']:.0f} | {result['rps'] / bare:.0%} | {result['p50']:.1f} "
            f"| {result['p95']:.1f} | {result['p99']:.1f} "
            f"| {int(result['errors'] + result['non2xx'])} | {counts[name]} |"
        )
    total = sum(int(r["requests"]) for r in results.values() if r)
    print(f"\nWorker RSS (KiB) before: {sorted(rss_before.values())}, after {total} requests: "
          f"{sorted(rss_after.values())}")  # fmt: skip
    if plan:
        print(f"\nEXPLAIN ANALYZE of the search for '{SEARCH}':\n{plan}")


if __name__ == "__main__":
    main()
