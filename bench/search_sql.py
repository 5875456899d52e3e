"""The search SQL set (issues 13 and 18): EXPLAIN ANALYZE of the list page's two search queries
(the first page of 20 and the capped count) for a set of words, correct and misspelt, on the
database at DATABASE_URL.

    DATABASE_URL=postgres://... .venv/bin/python bench/search_sql.py [--runs 5]

``search_sql_rows(runs)`` returns the rows for other bench scripts (bench/measure.py)."""

import argparse
import os
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# 24 words or phrases a resident types; the misspelt ones are marked.
WORDS = [
    ("psycholoog", False),
    ("psygoloog", True),
    ("eenzaamheid", False),
    ("eenzaamhied", True),
    ("schulden", False),
    ("shulden", True),
    ("zelfmoord", False),
    ("zelmoord", True),
    ("depressie", False),
    ("depresie", True),
    ("stress", False),
    ("gestresseerd", False),
    ("paniekaanvallen", False),
    ("paniekaanvalen", True),
    ("deurwaarder", False),
    ("deurwarder", True),
    ("rouw na overlijden van mijn mama", False),
    ("ik kan mijn huur niet meer betalen", False),
    ("mijn zoon drinkt te veel", False),
    ("gokverslaving", False),
    ("kinderen", False),
    ("dakloos", False),
    ("loneliness", False),
    ("fietsenmaker", False),
]


def _explain_ms(cursor, sql, params) -> float:
    cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) " + sql, params)
    plan = "\n".join(row[0] for row in cursor.fetchall())
    return float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)) + float(
        re.search(r"Planning Time: ([\d.]+) ms", plan).group(1)
    )


def search_sql_rows(runs: int = 5):
    """Per word: (word, misspelt, matches up to the cap, median ms of the first page, median ms
    of the capped count), each the median of ``runs`` EXPLAIN ANALYZE runs."""
    from django.db import connection

    from directory.models import Service
    from directory.search import understand
    from directory.views import COUNT_CAP, PAGE_SIZE

    rows = []
    base = Service.objects.published().active()
    for word, misspelt in WORDS:
        understand(word)  # the vocabulary is shared by the process: not part of the SQL time
        results = base.search(word)
        page_sql = results[:PAGE_SIZE].query.sql_with_params()
        capped = results.order_by()[: COUNT_CAP + 1]
        count_sql, count_params = capped.values("pk").query.sql_with_params()
        count_sql = f"SELECT COUNT(*) FROM ({count_sql}) AS capped"
        with connection.cursor() as cursor:
            page_ms = statistics.median(_explain_ms(cursor, *page_sql) for _ in range(runs))
            count_ms = statistics.median(
                _explain_ms(cursor, count_sql, count_params) for _ in range(runs)
            )
            cursor.execute(count_sql, count_params)
            matches = cursor.fetchone()[0]
        rows.append((word, misspelt, matches, page_ms, count_ms))
    return rows


def markdown(rows) -> str:
    lines = [
        "| words | typo | matches (capped) | first page ms | count ms | total ms |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for word, misspelt, matches, page_ms, count_ms in rows:
        lines.append(
            f"| {word} | {'yes' if misspelt else ''} | {matches} | {page_ms:.1f} "
            f"| {count_ms:.1f} | {page_ms + count_ms:.1f} |"
        )
    totals = [page + count for *_, page, count in rows]
    typos = [page + count for _, typo, _, page, count in rows if typo]
    correct = [page + count for _, typo, _, page, count in rows if not typo]
    lines.append("")
    lines.append(
        f"median {statistics.median(totals):.1f} ms, max {max(totals):.1f} ms; "
        f"median of typos {statistics.median(typos):.1f} ms, "
        f"of correct words {statistics.median(correct):.1f} ms"
    )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from directory.models import Service

    print(f"{Service.objects.count():,} services")
    print(markdown(search_sql_rows(args.runs)))


if __name__ == "__main__":
    main()
