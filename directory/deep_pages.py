"""A deep page of a list read by its keys first (issue 18: "keep deep pages cheap").

A list's query works out what a card shows (the first phone number or chat, the summary in the
visitor's language, the organisation's name) for every row it reads, and a page reads every
row before its own: page 25 of the services that speak Arabic worked it out for 1,000 rows (two
groups of 501) to show 20, 14 ms of SQL at 10,000 services against 2 for its first page. From
row KEYS_FIRST_FROM on, a page reads its rows' keys in the list's order first, with what the
list itself sets on each (whether a service speaks the language asked for, why a search found
it), then the cards of those keys: one query more, each card worked out once.
"""

from directory.compiled_sql import CompiledQuery
from directory.models import Service
from directory.open_now import attach_open_now
from pagecache.shared import shared_count

# The first row of a page read keys first (page 4 of 20). Measured at 10,000 and 100,000
# services (bench/HISTORY.md, twenty-first run): page 2 of a list lost up to 1 ms read keys
# first, page 3 was even, from page 4 on the query more cost less than the cards it saved.
KEYS_FIRST_FROM = 60
# The keys of a page are looked up in lists of a multiple of this length (the last key
# repeated), so that one compiled query serves every page size up to it.
KEYS_PER_LOOKUP = 25

_FIELDS = frozenset(field.attname for field in Service._meta.concrete_fields) | {"_state"}


def set_by_listing(key: Service) -> dict:
    """What a list's query set on ``key`` besides the model's own fields (its annotations)."""
    return {name: value for name, value in vars(key).items() if name not in _FIELDS}


class CardsByKey:
    """The cards of given services, read by their keys through one compiled query: ``build(ids)``
    gives the card queryset of the services ``ids``."""

    def __init__(self, build):
        self._query = CompiledQuery(build)

    def cards_of(self, keys: list[Service]) -> list[Service]:
        """The card of each of ``keys`` (rows of a list read without card data), in their
        order, with what the list set on each; a service gone in between is left out."""
        if not keys:
            return []
        ids = [key.pk for key in keys]
        padding = -len(ids) % KEYS_PER_LOOKUP
        cards = {card.pk: card for card in self._query.rows(ids + ids[-1:] * padding)}
        page = []
        for key in keys:
            card = cards.get(key.pk)
            if card is not None:
                vars(card).update(set_by_listing(key))
                page.append(card)
        return page


_by_language: dict[str | None, CardsByKey] = {}


def cards_by_key(language: str | None, build) -> CardsByKey:
    """The process's CardsByKey for cards in ``language``, made with ``build`` the first time."""
    cards = _by_language.get(language)
    if cards is None:
        cards = _by_language.setdefault(language, CardsByKey(build))
    return cards


class KeysFirst:
    """A list read through the ORM (a selection the compiled queries do not read, such as "Nu
    open"), its deep pages by their keys first: slicing reads a page of ``services`` (card
    querysets, with their opening status at ``now``) or, from KEYS_FIRST_FROM on, the same
    rows of ``keys()`` (the list without card data, built only for such a page) and their
    cards; ``count(limit)`` counts them up to ``limit``, shared as pagecache.shared_count
    shares a count."""

    def __init__(self, services, keys, cards: CardsByKey, now):
        self._services, self._keys, self._cards, self._now = services, keys, cards, now

    def __getitem__(self, bounds: slice) -> list[Service]:
        if not isinstance(bounds, slice) or bounds.step is not None:
            raise TypeError("KeysFirst reads slices only.")
        start = bounds.start or 0
        if start < KEYS_FIRST_FROM:
            return list(self._services[bounds])
        rows = self._cards.cards_of(list(self._keys()[bounds]))
        attach_open_now(rows, self._now)
        return rows

    def count(self, limit: int) -> int:
        return shared_count(self._services.order_by().values("pk")[:limit])
