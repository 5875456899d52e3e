"""The CPU time one request costs each process: the gunicorn worker, PostgreSQL, Redis and wrk.

    DATABASE_URL=... .venv/bin/python bench/cpu_per_request.py [--seconds 8] [PATH[:MODE] ...]

Serves the site as bench/run does (production settings) with one gunicorn worker, and asks
each page with one wrk connection for ``--seconds`` (MODE as in bench/latency.lua: unique,
words or pages makes every request a page-cache miss). Before and after, it reads the CPU
time of the worker and of every PostgreSQL and Redis process on this machine from /proc (so
run nothing else against them meanwhile), and wrk's from this process's children. The page
cache is in Redis when REDIS_URL is set, as bench/run sets it. Throughput ratios on a shared
machine move from run to run; CPU time per request moves much less, and says which process a
page's cost is in. Run it after bench/run, on a database bench/run filled.
"""

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measure  # noqa: E402
from bench import server as bench_server  # noqa: E402
from bench.pages import FILTERS  # noqa: E402

PAGES = [
    "/__bench__/bare/",
    "/diensten/caw-onthaal-gent/:unique",
    f"{FILTERS}:words",
    "/diensten/?stad=gent:pages",
]
SERVERS = {"PostgreSQL": "postgres", "Redis": "redis-server"}


def cpu_seconds(pid) -> float:
    """The CPU time (user and system) of process ``pid`` so far; 0 when it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes_named(name: str) -> list[str]:
    """The ids of the processes whose command name starts with ``name``."""
    found = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip().startswith(name):
                found.append(comm.parent.name)
        except OSError:
            continue
    return found


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def snapshot(workers: list[str]) -> dict[str, float]:
    return {
        "worker": sum(cpu_seconds(pid) for pid in workers),
        **{
            label: sum(cpu_seconds(pid) for pid in processes_named(name))
            for label, name in SERVERS.items()
        },
        "wrk": children_cpu_seconds(),
    }


def per_request(before: dict, after: dict, requests: float) -> dict[str, float]:
    """Milliseconds of CPU per request for each process, and their sum."""
    costs = {name: (after[name] - before[name]) * 1000 / max(requests, 1) for name in before}
    return {**costs, "all": sum(costs.values())}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as static_root:
        env = bench_server.environment(static_root)
        bench_server.manage(env, "collectstatic", "--noinput", "-v0")
        server, base = bench_server.start_gunicorn(env, workers=1)
        try:
            workers = list(bench_server.worker_rss_kib(server.pid))
            print("ms of CPU a request, by process:\n")
            print("| page | requests/s | worker | PostgreSQL | Redis | wrk | all |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            for page in args.pages:
                path, _, mode = page.partition(":")
                mode = mode or None
                measure.warm_up(base + path, 1, mode)
                before = snapshot(workers)
                result = measure.run_wrk(base + path, args.seconds, 1, mode)
                cost = per_request(before, snapshot(workers), result["requests"])
                print(
                    f"| {page} | {result['rps']:.0f} | "
                    + " | ".join(f"{cost[name]:.2f}" for name in (*before, "all"))
                    + " |"
                )
        finally:
            bench_server.stop(server)


if __name__ == "__main__":
    main()
