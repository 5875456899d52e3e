"""The site with parts of a cache miss's work taken away, for bench/ceiling.py (never deployed).

gunicorn serves ``bench.without`` instead of ``config.wsgi``; ``BENCH_WITHOUT`` names the parts
to take away, separated by commas:

- ``cards``: a list's cards cost nothing to render. Each card is a fixed text of CARD_LENGTH
  characters (about a real card's), as if every card came from a perfect cache of rendered
  cards.
- ``sql``: a worker keeps the rows of every query the pages build once (directory.compiled_sql,
  the service page's reads) after its first run: the same query with the same values then costs
  neither PostgreSQL nor psycopg nor model instances. The bench's search words repeat, so each
  is read once per worker; what is left is what the page costs when its SQL is free.

The rows kept are never refreshed, and a card shows nothing: numbers from this site say how
fast a page could be at best, never what it shows.
"""

import os

from config.wsgi import application  # noqa: F401 (what gunicorn serves)

CARDS_TEMPLATE = "directory/_service_cards.html"
CARD_LENGTH = 1400
PARTS = {"cards", "sql"}


def parts_taken_away(value: str) -> set[str]:
    parts = {part.strip() for part in value.split(",") if part.strip()}
    unknown = parts - PARTS
    if unknown:
        raise ValueError(f"BENCH_WITHOUT names unknown parts: {', '.join(sorted(unknown))}")
    return parts


def without_cards() -> None:
    from config.jinja2 import TranslatingTemplate

    render = TranslatingTemplate.render

    def render_cards_free(self, *args, **kwargs):
        if self.name != CARDS_TEMPLATE:
            return render(self, *args, **kwargs)
        services = dict(*args, **kwargs)["services"]
        return "".join(f"<li>{'x' * CARD_LENGTH}</li>" for _ in services)

    TranslatingTemplate.render = render_cards_free


def kept(read, key):
    """``read`` wrapped so that it runs once per value of ``key(*args)`` in this process."""
    found = {}

    def read_once(*args):
        wanted = key(*args)
        if wanted not in found:
            found[wanted] = read(*args)
        return found[wanted]

    return read_once


def without_sql() -> None:
    from directory import compiled_sql, service_page

    shape = compiled_sql._Shape
    shape.rows = kept(shape.rows, lambda self, values, bounds=None: (self, repr(values), bounds))
    shape.count = kept(shape.count, lambda self, values, limit: (self, repr(values), limit))
    service_page._read = kept(
        service_page._read, lambda slug, language, more: (slug, language, len(more))
    )


for part in sorted(parts_taken_away(os.environ.get("BENCH_WITHOUT", ""))):
    {"cards": without_cards, "sql": without_sql}[part]()
