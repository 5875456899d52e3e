"""The relevance set (directory/data/relevance/) as a CI gate: hit@3 of at least 90% on
PostgreSQL and on SQLite, and no crisis query that misses the crisis box or the right first
service."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from directory.relevance import evaluate, load_queries

THRESHOLD = 0.9


def test_the_set_is_large_and_written_from_many_sides():
    queries = load_queries()
    assert len(queries) >= 150
    assert len([q for q in queries if q["part"] == "before"]) >= 50
    assert len([q for q in queries if q.get("crisis")]) >= 30
    for language in ("nl", "fr", "en", "ar", "tr"):
        assert len([q for q in queries if q["lang"] == language]) >= 5, language


@pytest.mark.usefixtures("demo_data")
def test_hit_at_3_on_postgresql_and_no_crisis_misses():
    figures = evaluate()

    misses = [(o.query, o.ranking[:3]) for o in figures.outcomes if not o.hit]
    assert figures.hit_at_3 >= THRESHOLD, misses
    assert figures.where(part="before").hit_at_3 >= THRESHOLD
    assert [o.query for o in figures.crisis_misses] == []


def test_hit_at_3_on_sqlite_and_no_crisis_misses(tmp_path):
    """``manage.py search_quality --fail-under 0.9`` on a fresh SQLite file with the demo."""
    root = Path(__file__).resolve().parents[2]
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["load_demo", "-v0"]):
        subprocess.run([*manage, *command], cwd=root, env=environment, check=True, timeout=120)
    result = subprocess.run(
        [*manage, "search_quality", "--fail-under", str(THRESHOLD), "--misses"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "| sqlite | all | all | " in result.stdout
    assert "misses: 0" in result.stdout
