"""The benchmark's arithmetic: rounds of one page combined into the row README shows."""

from bench.measure import combined


def round_result(requests, rps, p95):
    return {"requests": requests, "errors": 0, "non2xx": 1, "rps": rps, "p50": 1.0,
            "p95": p95, "p99": p95 * 2}  # fmt: skip


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
