"""How far the cache-miss pages of issue 18's throughput goals could go if part of their work
were free: each page against the bare view as bench/run measures it, for the site as it is and
for the site without the cards' rendering, without SQL, and without both (bench/without.py).

    DATABASE_URL=... .venv/bin/python bench/ceiling.py [--duration 5] [--rounds 3]

Run it on a database bench/run filled (with several sizes, DATABASE_URL names one of them, e.g.
wegwijs_bench_10000), with REDIS_URL set as bench/run sets it. Each variant gets its own
gunicorn (as many workers as bench/run), and each of its rounds measures the bare view and the
pages one after the other, so every ratio is against the bare view of the same server and
moment. A goal that stays out of reach with a part of the work free cannot be reached by
making that part cheaper.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measure  # noqa: E402
from bench import server as bench_server  # noqa: E402
from bench.pages import GOALS, PAGES  # noqa: E402
from bench.report import combined, ratio_of  # noqa: E402

BARE = "bare Django view"
MEASURED = [
    "list: 3 filters + varied q, cache miss",
    "list: stad=gent, varied page, cache miss",
    "service detail, cache miss",
]
VARIANTS = [("as is", ""), ("cards free", "cards"), ("SQL free", "sql"), ("both free", "cards,sql")]


def goal_text(name: str) -> str:
    for _, page, compared, goals in GOALS:
        if page == name and compared == "ratio" and goals:
            return " / ".join(f"≥ {goal:.0%} at {size:,}" for size, goal in goals.items())
    return ""


def measure_variant(env, parts: str, args) -> dict:
    """Each measured page's ratio to the bare view (mean, lowest, highest round) with
    ``BENCH_WITHOUT=parts``."""
    pages = {name: (path, mode) for name, path, mode, connections in PAGES if not connections}
    wanted = [BARE, *MEASURED]
    server, base = bench_server.start_gunicorn(
        {**env, "BENCH_WITHOUT": parts}, args.workers, app="bench.without:application"
    )
    try:
        for name in wanted:
            path, mode = pages[name]
            measure.warm_up(base + path, args.connections, mode)
        rounds = {name: [] for name in wanted}
        for _ in range(args.rounds):
            for name in wanted:
                path, mode = pages[name]
                rounds[name].append(
                    measure.run_wrk(base + path, args.duration, args.connections, mode)
                )
                if mode:
                    time.sleep(measure.DRAIN_SECONDS)
    finally:
        bench_server.stop(server)
    bare = combined(rounds[BARE])
    return {name: ratio_of(combined(rounds[name]), bare) for name in MEASURED}


def ratio_text(ratio) -> str:
    mean, low, high = ratio
    return f"{mean:.1%} ({low:.1%}–{high:.1%})"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5, help="seconds per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as static_root:
        env = bench_server.environment(static_root)
        bench_server.manage(env, "collectstatic", "--noinput", "-v0")
        results = {label: measure_variant(env, parts, args) for label, parts in VARIANTS}
    print(f"Throughput against the bare view, {args.rounds} rounds of {args.duration} s, "
          f"{args.connections} connections, {args.workers} workers "
          f"({env['DATABASE_URL'].rsplit('/', 1)[-1]}):\n")  # fmt: skip
    print("| page, cache miss | " + " | ".join(label for label, _ in VARIANTS) + " | goal |")
    print("| --- |" + " ---: |" * len(VARIANTS) + " --- |")
    for name in MEASURED:
        cells = " | ".join(ratio_text(results[label][name]) for label, _ in VARIANTS)
        print(f"| {name.removesuffix(', cache miss')} | {cells} | {goal_text(name)} |")
    print(f"\nThe whole run took {(time.monotonic() - began) / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
