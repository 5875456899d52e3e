"""The bench's Markdown tables: each size's pages side by side with the bare view, and the goals
of issue 18 with every size side by side."""

import statistics

from bench.pages import GOALS, PAGES, SEARCH


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


def ratio_of(result, bare):
    """The mean throughput against the bare view's, and its range over the rounds."""
    pairs = zip(result["rounds"], bare["rounds"], strict=True)
    ratios = [rps / base for rps, base in pairs if base] or [0.0]
    return result["rps"] / bare["rps"] if bare["rps"] else 0.0, min(ratios), max(ratios)


def touched_text(touched):
    low, middle, high = touched
    if low == high:
        return f"{low:,}"
    return f"{low:,}–{high:,} (median {middle:,.0f})"


def cache_description(env):
    if env.get("REDIS_URL"):
        return f"page cache in Redis ({env['REDIS_URL']})"
    return "page cache in each worker's memory (no REDIS_URL)"


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
    from bench.search_sql import filtered_markdown, markdown

    print("\nSearch SQL (EXPLAIN ANALYZE, median of 5 runs per word, planning included):\n")
    print(markdown(info["search_sql"]))
    if info.get("filtered_search_sql"):
        print("\nSearch SQL with one of the list's filters (median of 3 runs per search):\n")
        print(filtered_markdown(info["filtered_search_sql"]))
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
    filtered = [
        [row[2] for row in run["info"].get("filtered_search_sql", [])] for run in runs.values()
    ]
    with_filter = []
    for times in filtered:
        with_filter += [
            f"{statistics.median(times):.1f} / {max(times):.1f} ms" if times else "not measured",
            "",
        ]
    return [
        (f"search SQL, median of {len(rows)} words and typos", medians),
        ("search SQL, slowest word", maxima),
        ("a typo's search against a correct word's (medians)", ratios),
        ("search SQL with one of the list's filters: median / slowest", with_filter),
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
