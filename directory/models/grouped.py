"""Reading a page of a listing ordered by flags first, one flag group at a time.

Some listings put a group first: reachable_in() the services that speak the language, by_closeness()
those for the neighbourhood itself and then those open to anyone. Ordered by such a flag, then by
name, PostgreSQL reads and sorts every service of the listing for a page of 20 (at 100,000
services: 34,000 for a language, 147 ms; 34,500 for a neighbourhood of Gent, 146 ms; issue 18).
Read instead as UNION ALL of one part per combination of the flags, each in the rest of the
order and read up to the page's end, then merged in the whole order, a page costs about as much
as a page of the plain list: the same rows.

The flags must never be NULL (each part holds one combination of True and False), so only
these annotations, which are built never to be NULL, split a page.
"""

import itertools

from django.db import connection, connections
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.db.models.query import ModelIterable

from directory.compiled_sql import CompiledQuery, ShapeBudget

GROUP_FLAGS = frozenset({"speaks_language", "serves_neighbourhood", "open_to_anyone"})


def leading_flags(queryset) -> list[str]:
    """The GROUP_FLAGS that ``queryset`` is ordered by before anything else."""
    flags = []
    for order in queryset.query.order_by:
        if isinstance(order, str):
            name = order.removeprefix("-")
        elif isinstance(order, OrderBy) and isinstance(order.expression, F):
            name = order.expression.name
        else:
            break
        if name not in GROUP_FLAGS or name not in queryset.query.annotations:
            break
        flags.append(name)
    return flags


def reads_by_groups(queryset) -> bool:
    """Whether these rows are a slice of model objects ordered by flags first that
    read_by_groups() reads (not a search's: it ranks at most RESULT_CAP services)."""
    return queryset.query.high_mark is not None and can_read_by_groups(queryset)


def read_by_groups(queryset) -> list:
    """The slice's rows, in one query of a part per combination of the leading flags."""
    low, high = queryset.query.low_mark, queryset.query.high_mark
    rows = queryset._chain()
    rows.query.clear_limits()
    return list(by_groups(rows, high)[low:high])


def by_groups(queryset, high: int):
    """``queryset`` (unsliced, ordered by flags first) as the UNION ALL of a part per
    combination of its leading flags, each read up to row ``high``: its rows up to ``high`` in
    the same order, without sorting the whole listing."""
    flags = leading_flags(queryset)
    rows = queryset._chain()
    rows._prefetch_related_lookups = ()  # done once, on the slice
    ordering = rows.query.order_by
    parts = [
        rows.filter(**dict(zip(flags, values, strict=True))).order_by(*ordering[len(flags) :])
        for values in itertools.product((True, False), repeat=len(flags))
    ]
    parts = [part[:high] for part in parts]
    return parts[0].union(*parts[1:], all=True).order_by(*ordering)


def can_read_by_groups(queryset) -> bool:
    """Whether ``queryset`` (unsliced model objects) is ordered by flags first and the
    database can read it by_groups()."""
    return (
        queryset._iterable_class is ModelIterable
        and not queryset.query.combinator
        and "search_score" not in queryset.query.annotations
        and connections[queryset.db].features.supports_slicing_ordering_in_compound
        and bool(leading_flags(queryset))
    )


class InOrder:
    """A listing's rows in its order, through a CompiledQuery of ``build(*values)``: one ordered
    by flags first (``reads_by_groups``, a language's speakers first) is read by groups,
    compiled once per page end, for up to ``max_page_ends`` of them (past those, built at every
    call)."""

    def __init__(self, build, reads_by_groups: bool, budget: ShapeBudget, max_page_ends: int):
        self._build, self._budget, self._max_page_ends = build, budget, max_page_ends
        self._query = CompiledQuery(build, budget)
        self._reads_by_groups = (
            reads_by_groups and connection.features.supports_slicing_ordering_in_compound
        )
        self._by_groups: dict[int, CompiledQuery] = {}

    def rows_between(self, start: int, stop: int, values: tuple) -> list:
        if not self._reads_by_groups:
            return self._query.rows_between(start, stop, *values)
        query = self._by_groups.get(stop)
        if query is None:
            if len(self._by_groups) >= self._max_page_ends:
                return list(self._build(*values)[start:stop])  # read by groups too
            build = self._build
            query = CompiledQuery(lambda *v: by_groups(build(*v), stop), self._budget)
            self._by_groups.setdefault(stop, query)
        return query.rows_between(start, stop, *values)

    def compiled_shapes(self) -> int:
        return self._query.compiled_shapes() + sum(
            query.compiled_shapes() for query in self._by_groups.values()
        )
