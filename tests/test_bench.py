"""The benchmark's arithmetic: rounds of one page combined into the row README shows."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import get_resolver

from bench import cpu_per_request
from bench.pages import WORDS, miss_path
from bench.report import combined, ratio_of, search_sql_goals
from bench.search_sql import filtered_markdown
from bench.server import database_for, server_cpu_seconds


def round_result(requests, rps, p95):
    return {"requests": requests, "errors": 0, "non2xx": 1, "rps": rps, "p50": 1.0,
            "p95": p95, "p99": p95 * 2, "load": rps / 100}  # fmt: skip


def test_rounds_add_up_their_requests_and_average_their_throughput():
    rounds = [round_result(1000, 200.0, 10.0), round_result(500, 100.0, 30.0),
              round_result(900, 180.0, 12.0)]  # fmt: skip

    row = combined(rounds)

    assert row["requests"] == 2400
    assert row["non2xx"] == 3
    assert row["rps"] == 160.0
    assert row["rounds"] == [200.0, 100.0, 180.0]


def test_latency_is_the_median_round_so_one_bad_round_does_not_set_it():
    rounds = [round_result(1000, 200.0, 10.0), round_result(500, 100.0, 300.0),
              round_result(900, 180.0, 12.0)]  # fmt: skip

    assert combined(rounds)["p95"] == 12.0
    assert combined(rounds)["p99"] == 24.0


def test_a_page_that_was_not_measured_has_no_row():
    assert combined([]) is None


def test_the_load_average_is_the_median_round():
    rounds = [round_result(1000, 200.0, 10.0), round_result(500, 100.0, 30.0),
              round_result(900, 180.0, 12.0)]  # fmt: skip

    assert combined(rounds)["load"] == 1.8


def test_the_ratio_to_the_bare_view_comes_with_its_range_over_the_rounds():
    bare = combined([round_result(1000, 1000.0, 1.0), round_result(1000, 500.0, 1.0)])
    page = combined([round_result(100, 100.0, 9.0), round_result(100, 100.0, 9.0)])

    ratio, low, high = ratio_of(page, bare)

    assert round(ratio, 4) == round(100 / 750, 4)
    assert (low, high) == (0.1, 0.2)


def test_each_size_gets_its_own_database_only_when_there_are_several():
    url = "postgres://postgres@127.0.0.1:5432/wegwijs_bench"

    assert database_for(url, 10_000, several=False) == url
    assert database_for(url, 100_000, several=True).endswith("/wegwijs_bench_100000")


def test_the_varied_search_words_include_typos():
    assert len(WORDS) >= 20
    assert {"eenzaamhied", "shulden"} <= set(WORDS)


def test_a_round_in_which_the_bare_view_got_no_answer_gives_no_ratio_and_no_error():
    bare = combined([round_result(0, 0.0, 1.0), round_result(1000, 500.0, 1.0)])
    page = combined([round_result(10, 10.0, 9.0), round_result(100, 100.0, 9.0)])

    ratio, low, high = ratio_of(page, bare)

    assert (low, high) == (0.2, 0.2)
    assert round(ratio, 2) == 0.22


def test_the_benchmarked_site_answers_errors_as_the_site_does():
    """bench.urls splices a bare view into the site's URLs: without the site's error handlers, a
    database outage would answer Django's plain 500 instead of the site's 503 in bench/faults."""
    bench, site = get_resolver("bench.urls"), get_resolver("config.urls")
    for status in (400, 403, 404, 500):
        assert bench.resolve_error_handler(status) is site.resolve_error_handler(status)


def test_the_search_sql_goals_give_the_median_the_slowest_and_the_typo_ratio_per_size():
    # (word, misspelt, matches, list query ms, every match ranked ms)
    rows = [("a", False, 501, 10.0, 1.0), ("b", False, 501, 30.0, 1.0),
            ("c", True, 501, 40.0, 1.0), ("d", True, 501, 20.0, 1.0)]  # fmt: skip
    runs = {100_000: {"info": {"search_sql": rows}}}

    goals = dict(search_sql_goals(runs))

    assert goals["search SQL, median of 4 words and typos"] == ["25.0 ms", "≤ 20 ms"]
    assert goals["search SQL, slowest word"] == ["40.0 ms", "≤ 50 ms"]
    assert goals["a typo's search against a correct word's (medians)"] == ["1.50", "≤ 2"]
    assert goals["search SQL with one of the list's filters: median / slowest"] == [
        "not measured",
        "",
    ]


def test_the_filtered_search_sql_gives_its_median_and_slowest_per_size():
    rows = [("a", False, 501, 10.0, 1.0), ("b", True, 501, 10.0, 1.0)]
    filtered = [("stad", "hulp", 12.0), ("leeftijd", "hulp", 80.0), ("open_nu", "x", 14.0)]
    runs = {10_000: {"info": {"search_sql": rows, "filtered_search_sql": filtered}}}

    goals = dict(search_sql_goals(runs))

    assert goals["search SQL with one of the list's filters: median / slowest"] == [
        "14.0 / 80.0 ms",
        "",
    ]
    table = filtered_markdown(filtered)
    assert "| leeftijd | 80.0 | 80.0 | hulp |" in table
    assert "3 searches with a filter: median 14.0 ms, slowest 80.0 ms, 1 over 50 ms." in table


def test_each_miss_path_is_new_and_takes_the_search_words_in_turn():
    paths = [miss_path("/diensten/?stad=gent&q={w}", number, "p") for number in range(40)]
    assert len(set(paths)) == 40
    assert paths[0] == f"/diensten/?stad=gent&q={WORDS[0]}&uncached=p0"
    assert paths[len(WORDS)].startswith(f"/diensten/?stad=gent&q={WORDS[0]}&")
    assert miss_path("/api/hsds/services/", 3) == "/api/hsds/services/?uncached=3"


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="reads the CPU time of a PostgreSQL backend",
)
def test_the_servers_cpu_time_grows_with_the_work_it_does(db):
    before = server_cpu_seconds(connection)
    if before is None:
        pytest.skip("PostgreSQL runs on another machine")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM generate_series(1, 3000000)")
    assert server_cpu_seconds(connection) > before


def test_cpu_per_request_is_each_processs_time_over_the_requests_and_their_sum():
    before = {"worker": 1.0, "PostgreSQL": 2.0, "Redis": 0.5, "wrk": 0.1}
    after = {"worker": 1.3, "PostgreSQL": 2.1, "Redis": 0.5, "wrk": 0.12}

    cost = cpu_per_request.per_request(before, after, requests=100)

    assert cost == pytest.approx(
        {"worker": 3.0, "PostgreSQL": 1.0, "Redis": 0.0, "wrk": 0.2, "all": 4.2}
    )
    assert cpu_per_request.per_request(before, before, requests=0)["all"] == 0


def test_a_processs_cpu_time_is_read_while_it_works_and_is_zero_once_it_has_gone():
    busy = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nend = time.time() + 0.6\nwhile time.time() < end: pass",
        ]
    )
    try:
        time.sleep(0.4)
        assert cpu_per_request.cpu_seconds(busy.pid) > 0.1
    finally:
        busy.wait()
    assert cpu_per_request.cpu_seconds(busy.pid) == 0.0


def test_the_database_servers_processes_are_found_by_name(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    if not Path(f"/proc/{backend}").exists():
        pytest.skip("PostgreSQL runs on another machine")
    assert str(backend) in cpu_per_request.processes_named("postgres")
