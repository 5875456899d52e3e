"""The pages the bench measures, the goals of issue 18 it reports on, and how it makes a URL
that the page cache has not seen (a "cache miss")."""

import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "latency.lua"
SEARCH = "psycholoog"
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
    ("HSDS API places list, cache miss", "/api/hsds/service_at_locations/?page=3", "unique", None),
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


def with_unique_parameter(path):
    return f"{path}{'&' if '?' in path else '?'}uncached={time.time_ns()}"


def miss_path(path: str, number: int, tag: str = "") -> str:
    """The ``number``-th page-cache miss of ``path`` in one process: ``{w}`` replaced by the
    search words in turn, and an ``uncached`` marker of its own (bench/settings.py)."""
    separator = "&" if "?" in path else "?"
    return f"{path.replace('{w}', WORDS[number % len(WORDS)])}{separator}uncached={tag}{number}"
