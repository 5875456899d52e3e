"""The service list's query (/diensten/, and the problem pages'): what a visitor asked for, as a
Selection, and its services read through SQL built once per shape of request (issue 18).

``Selection.applied_to(queryset)`` is the one definition of the list's query: the filter form
(directory.filters) makes a Selection of its valid choices. Building and compiling that ORM
query took a quarter of a page-cache miss of a search, for a query whose shape (which filters,
how many problem types and words) repeats while its values (the city, the words) change.
``listed_services(selection)`` reads the same query, and its count, through
directory.compiled_sql, compiled once per shape and language (a listing read by groups, a
language's speakers first, once per page end too: directory.models.grouped; a deep page by its
keys first: directory.deep_pages); a selection that sorts by distance or filters on the time of
day still goes through the ORM.
"""

import datetime
import threading
from dataclasses import dataclass, fields, replace

from django.db import connection

from directory import deep_pages, opening
from directory.compiled_sql import CompiledQuery, ShapeBudget
from directory.deep_pages import CardsByKey, KeysFirst, cards_by_key
from directory.distance import Place
from directory.models import City, Language, Neighbourhood, Service
from directory.models.grouped import InOrder
from directory.open_now import attach_open_now, hours_profile
from directory.search import RESULT_CAP
from directory.search.ranking import SearchTerms, ranked
from directory.translations import translation_language
from pagecache.shared import shared_count, shared_count_of

# Compiled queries kept per process, one per shape and language, and the shapes (lengths of
# the lists of values) they may compile together, about 200 KB each: a bound on the memory odd
# searches can take. Past either, the ORM builds the query.
MAX_COMPILED = 256
MAX_COMPILED_SHAPES = 200
# A listing read by groups is compiled once per page end (a page is a LIMIT of each group):
# past this many page ends per shape, the ORM builds the query.
MAX_GROUPED_PAGE_ENDS = 30
# A Selection's fields that are part of its shape by their value, not by being there.
_STRUCTURAL = frozenset({"flags", "by_centrality", "scores_every_match", "few_open"})
# A search whose other choices leave at most this many services scores every match in its
# first pass; past it, the pass walks the sets of problem types (directory.search.candidates).
# Measured on PostgreSQL (README, issue 18, eleventh run): with 1,200 to 2,800 services left
# scoring them took 3.7-5.4 ms a search, the walk 6.0-7.2 ms; from about 4,000 on they were
# even, and with 12,000 left the walk took 12 ms, scoring 27 ms.
SCORE_EVERY_MATCH_UP_TO = 3000
# "Nu open" reads the open services as one set first when at most one in this many of the
# hours rows open at the busiest moment of the week is open (ServiceQuerySet.open_at), else
# tests the services one by one. Measured at 100,000 services with 3%, 10%, 33% and 100% of
# them open (README, issue 18, nineteenth run), the median slowest statement of 36 searches
# with "Nu open", one by one against as a set: 137 / 43, 75 / 57, 36 / 86 and 23 / 126 ms.
FEW_OPEN_SHARE = 6
# "Dichtbij eerst" without a search reads a page from the services with a place within the
# first of these many km of the postcode that holds enough of them for it (NearestFirst).
NEAR_RINGS_KM = (0.5, 2.0)


@dataclass(frozen=True)
class Selection:
    """A list page's valid choices, resolved: ids rather than slugs, the search understood."""

    flags: tuple[str, ...] = ()
    kind: str | None = None
    problem_ids: tuple[int, ...] | None = None
    city_id: int | None = None
    neighbourhood: tuple[int, int] | None = None  # its id and its city's id
    age: int | None = None
    language: tuple[int, str, str] | None = None  # id, code, name
    open_at: datetime.datetime | None = None
    search: SearchTerms | None = None
    near: Place | None = None
    by_centrality: bool = False  # a problem page's order (ServiceQuerySet.by_centrality)
    scores_every_match: bool = False  # how the search ranks: see with_ranking_strategy
    few_open: bool = False  # how "Nu open" is read: see with_open_now_strategy

    def applied_to(self, queryset):
        """``queryset``'s services that fit, in the list's order: the search ranks what the
        other filters leave; sorting by distance comes after it; a language's speakers come
        first, also after a search."""
        city = None if self.city_id is None else City(pk=self.city_id)
        by_key = not self.walks_problem_sets
        queryset = queryset.meeting(self.flags, city, by_key=by_key)
        if self.kind is not None:
            queryset = queryset.filter(kind=self.kind)
        if self.problem_ids is not None:
            queryset = queryset.for_problem(None, set(self.problem_ids))
        if self.neighbourhood is not None:
            pk, city_id = self.neighbourhood
            queryset = queryset.in_neighbourhood(Neighbourhood(pk=pk, city_id=city_id))
        if self.age is not None:
            queryset = queryset.for_age(self.age)
        if self.language is not None:
            pk, code, name = self.language
            queryset = queryset.reachable_in(Language(pk=pk, code=code, name=name))
        if self.open_at is not None:
            queryset = queryset.open_at(self.open_at, few_open=self.few_open)
        if self.search is not None:
            queryset = ranked(
                queryset,
                self.search,
                limit=RESULT_CAP + 1,
                score_every_match=self.scores_every_match,
                texts_in_tie_order=self.reads_texts_in_tie_order,
                indexed=None if by_key else queryset.filter_key_condition(self.flags, city),
            )
            if self.language is not None:
                queryset = queryset.speakers_first()
        if self.near is not None:
            queryset = queryset.nearest_to(self.near)
        if self.by_centrality:
            queryset = queryset.by_centrality(set(self.problem_ids or ()))
        return queryset

    def with_ranking_strategy(self) -> "Selection":
        """This selection, its search told to score every match when the other choices leave
        at most SCORE_EVERY_MATCH_UP_TO services (both ways rank alike; this is about speed).
        Those services are counted once per process while the data stay the same, as a
        listing's count is (CompiledListing.count): the first search with these choices costs
        one more query, the next ones none."""
        if self.search is None or connection.vendor != "postgresql":
            return self
        others = replace(
            self,
            search=None,
            language=None,
            open_at=None,
            near=None,
            by_centrality=False,
            scores_every_match=False,
        )
        left = count_up_to(listed_services(others), SCORE_EVERY_MATCH_UP_TO + 1)
        return replace(self, scores_every_match=left <= SCORE_EVERY_MATCH_UP_TO)

    def with_open_now_strategy(self) -> "Selection":
        """This selection, told to read the open services as one set when few are open at its
        moment: at most one in FEW_OPEN_SHARE of the hours rows open at the busiest moment of
        the week (directory.open_now.HoursProfile, read with the times at which statuses
        change, and shared as they are). The same services either way."""
        if self.open_at is None or connection.vendor != "postgresql":
            return self
        few = hours_profile().open_share(self.open_at) <= 1 / FEW_OPEN_SHARE
        return replace(self, few_open=few)

    @property
    def only_searches(self) -> bool:
        """Whether the search is the only choice: no filter narrows what it ranks."""
        narrowing = [
            self.kind,
            self.problem_ids,
            self.city_id,
            self.neighbourhood,
            self.age,
            self.language,
            self.open_at,
        ]
        return not self.flags and all(value is None for value in narrowing)

    @property
    def reads_texts_in_tie_order(self) -> bool:
        """Whether the search may read the services it finds only through their texts in the
        tie order until it has enough (directory.search.candidates, step 5), rather than all
        of them: when no filter narrows them, or when "Nu open" tests each one (at a busy
        moment most pass, and the test costs more than reading in that order: "praten met
        iemand" tested 23,000 services at 100,000, 210 ms)."""
        return self.only_searches or (self.open_at is not None and not self.few_open)

    @property
    def walks_problem_sets(self) -> bool:
        """Whether the search's first pass may walk the sets of problem types
        (directory.search.candidates) rather than score every match."""
        return bool(self.search and self.search.problems) and not self.scores_every_match

    @property
    def reads_by_groups(self) -> bool:
        """Whether the list is ordered by a flag first, a language's speakers before the
        services with interpreters (no search ranks it, no distance sorts it): a page is then
        read by groups (directory.models.grouped.can_read_by_groups says the same of the
        query)."""
        return (
            self.language is not None
            and self.search is None
            and self.near is None
            and not self.by_centrality
        )

    @property
    def compilable(self) -> bool:
        return self.open_at is None and self.near is None

    def shape(self) -> tuple:
        """What the query's SQL depends on besides the values: which choices are made."""
        return tuple(
            getattr(self, f.name) if f.name in _STRUCTURAL else getattr(self, f.name) is not None
            for f in fields(self)
        )

    def values(self) -> tuple:
        """The values the SQL takes, in a fixed order (lists stay lists: their length is part
        of the compiled shape)."""
        values = []
        if self.kind is not None:
            values.append(self.kind)
        if self.problem_ids is not None:
            values.append(list(self.problem_ids))
        if self.city_id is not None:
            values.append(self.city_id)
        if self.neighbourhood is not None:
            values.extend(self.neighbourhood)
        if self.age is not None:
            values.append(self.age)
        if self.language is not None:
            values.extend(self.language)
        if self.search is not None:
            problems = self.search.problems
            values.extend([list(problems), [float(w) for w in problems.values()]])
            values.extend([list(self.search.search_words), list(self.search.unknown_words)])
        return tuple(values)

    def with_values(self, values) -> "Selection":
        """This selection's shape with other values (the order of ``values()``)."""
        taken = iter(values)
        changes = {}
        if self.kind is not None:
            changes["kind"] = next(taken)
        if self.problem_ids is not None:
            changes["problem_ids"] = tuple(next(taken))
        if self.city_id is not None:
            changes["city_id"] = next(taken)
        if self.neighbourhood is not None:
            changes["neighbourhood"] = (next(taken), next(taken))
        if self.age is not None:
            changes["age"] = next(taken)
        if self.language is not None:
            changes["language"] = (next(taken), next(taken), next(taken))
        if self.search is not None:
            ids, weights, words, misspelt = next(taken), next(taken), next(taken), next(taken)
            changes["search"] = SearchTerms(dict(zip(ids, weights, strict=True)), words, misspelt)
        return Selection(**{f.name: getattr(self, f.name) for f in fields(self)} | changes)


def card_services(now: datetime.datetime | None = None, language: str | None = None):
    """The published, active services with what a card shows (the list's base queryset)."""
    return Service.objects.published().active().with_card_data(now, language)


def _keys_base():
    """The list's base queryset without what a card shows: a deep page's keys."""
    return Service.objects.published().active().only("name")


def _cards_by_key(language: str | None) -> CardsByKey:
    return cards_by_key(
        language,
        lambda ids: (
            card_services(language=language).with_open_now(None).filter(pk__in=ids).order_by()
        ),
    )


class CompiledListing:
    """A list's services read through compiled queries: slicing reads a page of them (with
    their opening status, as with_card_data() sets it), ``count(limit)`` counts them up to
    ``limit``."""

    def __init__(self, queries: "_ListingQueries", selection: Selection, now: datetime.datetime):
        self._queries, self._now = queries, now
        self._values = selection.values()

    def __getitem__(self, bounds: slice) -> list[Service]:
        if not isinstance(bounds, slice) or bounds.step is not None:
            raise TypeError("A CompiledListing reads slices only.")
        start, stop = bounds.start or 0, bounds.stop
        rows = self._queries.rows_between(start, stop, self._values)
        attach_open_now(rows, self._now)
        return rows

    def count(self, limit: int) -> int:
        """How many services there are, up to ``limit``; shared by the process's requests as
        pagecache.shared_count shares a count (the pages of one listing count the same)."""
        key = ("listing", self._queries.key, repr(self._values), limit)
        ids = self._queries.ids
        return shared_count_of(key, lambda: ids.count_up_to(limit, *self._values))


class _ListingQueries:
    """The compiled queries of one shape and language: the page's services, their keys in the
    same order (a deep page: directory.deep_pages), and their ids (for a count: no order, no
    card data)."""

    def __init__(self, key: tuple, selection: Selection, language: str | None):
        self.key = key

        def services(*values):
            # CompiledListing sets the opening status at the request's moment, also on a shape
            # past the budget that is read through this queryset: not here a second time.
            base = card_services(language=language).with_open_now(None)
            return selection.with_values(values).applied_to(base)

        def keys(*values):
            return selection.with_values(values).applied_to(_keys_base())

        def in_order(build):
            return InOrder(build, selection.reads_by_groups, _budget, MAX_GROUPED_PAGE_ENDS)

        self._services = in_order(services)
        self._keys = in_order(keys)
        self._cards = _cards_by_key(language)
        self.ids = CompiledQuery(
            lambda *values: services(*values).order_by().values_list("pk"), _budget
        )

    def rows_between(self, start: int, stop: int, values: tuple) -> list[Service]:
        if start < deep_pages.KEYS_FIRST_FROM:
            return self._services.rows_between(start, stop, values)
        return self._cards.cards_of(self._keys.rows_between(start, stop, values))

    def compiled_shapes(self) -> int:
        return (
            self._services.compiled_shapes()
            + self._keys.compiled_shapes()
            + self.ids.compiled_shapes()
        )


_compiled: dict[tuple, _ListingQueries] = {}
_budget = ShapeBudget(MAX_COMPILED_SHAPES)
_lock = threading.Lock()


def _compiled_queries(selection: Selection, language: str | None) -> _ListingQueries | None:
    key = (language, selection.shape())
    queries = _compiled.get(key)
    if queries is None:
        with _lock:
            if key not in _compiled and len(_compiled) < MAX_COMPILED:
                _compiled[key] = _ListingQueries(key, selection, language)
            queries = _compiled.get(key)
    return queries


def listed_services(selection: Selection, now: datetime.datetime | None = None):
    """The list's services for ``selection``: a CompiledListing, or when the selection's query
    cannot be compiled, a NearestFirst (by distance, without a search) or a KeysFirst (its
    queryset, deep pages by their keys first)."""
    now = now or opening.brussels_now()
    selection = selection.with_ranking_strategy().with_open_now_strategy()
    queries = _compiled_queries(selection, translation_language()) if selection.compilable else None
    if queries is not None:
        return CompiledListing(queries, selection, now)
    if selection.near is not None and selection.search is None:
        return NearestFirst(
            replace(selection, near=None).applied_to(card_services(now)), selection.near
        )
    return KeysFirst(
        selection.applied_to(card_services(now)),
        lambda: selection.applied_to(_keys_base()),
        _cards_by_key(translation_language()),
        now,
    )


class NearestFirst:
    """A list by distance from a postcode (a Selection's ``near``, without a search): slicing
    reads the services with a place within the first of NEAR_RINGS_KM of it (they come first
    in that order) that holds enough of them for the slice, else all of them; ``count(limit)``
    counts them all. Sorting every service by its nearest place took 380-470 ms at 100,000
    services (1 s with "Nu open") and 47-73 ms at 10,000; through the rings 10-24 and 3-5 ms
    (README, issue 18, nineteenth run)."""

    def __init__(self, services, place: Place):
        self._services = services
        self._rings = [
            services.with_a_place_within(place, km).nearest_to(place) for km in NEAR_RINGS_KM
        ]
        self._all = services.nearest_to(place)

    def __getitem__(self, bounds: slice) -> list[Service]:
        if not isinstance(bounds, slice) or bounds.step is not None:
            raise TypeError("NearestFirst reads slices only.")
        start, stop = bounds.start or 0, bounds.stop
        for ring in self._rings if stop is not None else ():
            rows = list(ring[start:stop])
            if len(rows) == stop - start:
                return rows
        return list(self._all[start:stop])

    def count(self, limit: int) -> int:
        return count_up_to(self._services, limit)


def count_up_to(services, limit: int) -> int:
    """How many ``services`` (a CompiledListing or a queryset) there are, up to ``limit``,
    shared by the process's requests while the data stay the same; a list's length."""
    if isinstance(services, list):
        return len(services)
    if isinstance(services, CompiledListing | NearestFirst | KeysFirst):
        return services.count(limit)
    return shared_count(services.order_by().values("pk")[:limit])
