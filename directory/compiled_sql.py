"""Queries of a fixed shape whose SQL the process builds once (issue 18: "build the query once
per request shape").

For the service page's requirements and opening hours, and an API page's contact channels,
building and compiling the ORM query took three to eight times as long as running it. A
``CompiledQuery`` wraps a function that builds such a query (a ``values_list`` queryset, or a
queryset of model objects with their ``select_related`` rows) from some values. The first call
for a shape builds the query with stand-in values, compiles it and keeps the SQL with where
each value goes; later calls put the real values in its parameters, run the SQL and convert the
rows as the ORM would. ``rows_between(start, stop)`` reads a slice.
The ORM query stays the one definition.

A shape is the length of each list among the values (three ids compile to three
placeholders; at most MAX_SHAPES are kept per query, or what a ShapeBudget shared by several
queries allows, then the rest is built at every call).
Each value must reach the SQL unchanged (an id, a number, a list of them as one array
parameter, a date, a slug), or as a text pattern of Django's ``contains``, ``startswith`` and
``endswith`` lookups ("x" becomes "%x%", with LIKE's special characters escaped as Django
does). When the query changes a value in any other way, that shape is built and compiled at
every call, as without this module. The query may depend on nothing else: not on the active
language (a translated queryset would keep the first call's), nor on settings.
"""

import datetime
import itertools
import threading

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import (
    ModelIterable,
    NamedValuesListIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.utils import create_namedtuple_class

# Stand-ins no real value takes: ids below any serial id, numbers above 10^12, dates in the
# year 1001, texts that start with a character of Unicode's private use area (with LIKE's "_"
# in them, so that an escaped stand-in tells a LIKE pattern from a text that merely contains one).
_FIRST_STAND_IN_ID = -2_000_000_000
_FIRST_STAND_IN_NUMBER = 1.0e12
_FIRST_STAND_IN_DATE = datetime.date(1001, 1, 1)
_STAND_IN_TEXT = "\uf8ffstand_in_{}"
# What may surround a stand-in in a LIKE pattern (contains, startswith, endswith).
_LIKE_ENDS = ("", "%")
# Shapes kept per query: list lengths follow page sizes, which the pages bound.
MAX_SHAPES = 250


class _StandIns:
    """Unique stand-in values of the types a CompiledQuery accepts."""

    def __init__(self):
        self._numbers = itertools.count()

    def like(self, value):
        if isinstance(value, (list, tuple)):
            return [self.like(item) for item in value]
        number = next(self._numbers)
        if isinstance(value, str):
            return _STAND_IN_TEXT.format(number)
        if isinstance(value, float):
            return _FIRST_STAND_IN_NUMBER + number
        if isinstance(value, bool) or not isinstance(value, (int, datetime.date)):
            raise TypeError(
                f"CompiledQuery takes ids, numbers, dates, texts and lists, not {value!r}"
            )
        if isinstance(value, datetime.datetime):
            raise TypeError("CompiledQuery takes dates, not datetimes")
        if isinstance(value, datetime.date):
            return _FIRST_STAND_IN_DATE + datetime.timedelta(days=number)
        return _FIRST_STAND_IN_ID - number


def _matchable(value):
    """A parameter as it is looked up among the stand-ins: psycopg's Int4(5) is the id 5."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (int, int(value))
    return (type(value), value)


class _Slot:
    """Where one parameter of the compiled SQL comes from: a value (its index in the flattened
    values), put in as it is, in the parameter's own type (Int4, say), or in a LIKE pattern;
    or a list parameter made of such slots."""

    def __init__(self, index=None, kind=None, like=None, items=None):
        self.index, self.kind, self.like, self.items = index, kind, like, items

    def indexes(self) -> set[int]:
        if self.items is not None:
            return {i for item in self.items if item for i in item.indexes()}
        return set() if self.index is None else {self.index}

    def fill(self, param, values: list, connection):
        if self.items is not None:
            return type(param)(
                item.fill(old, values, connection) if item else old
                for item, old in zip(self.items, param, strict=True)
            )
        value = values[self.index]
        if self.like is not None:
            start, end = self.like
            return f"{start}{connection.ops.prep_for_like_query(value)}{end}"
        return value if self.kind is None else self.kind(value)


def _slot_for(param, where: dict, escaped: dict) -> _Slot | None:
    if isinstance(param, (list, tuple)):
        items = [_slot_for(item, where, escaped) for item in param]
        return _Slot(items=items) if any(items) else None
    try:
        index = where.get(_matchable(param))
    except TypeError:  # unhashable: not a stand-in
        return None
    if index is not None:
        kind = type(param) if type(param) is not int and isinstance(param, int) else None
        return _Slot(index, kind=kind)
    if isinstance(param, str):
        for start in _LIKE_ENDS:
            for end in _LIKE_ENDS:
                middle = param[len(start) : len(param) - len(end)]
                if (start or end) and param.startswith(start) and param.endswith(end):
                    if middle in escaped:
                        return _Slot(escaped[middle], like=(start, end))
    return None


def _flat(values) -> list:
    flat = []
    for value in values:
        flat.extend(value if isinstance(value, (list, tuple)) else [value])
    return flat


class _Shape:
    """The compiled SQL of one shape: ``slots`` gives, per parameter, the index of the value
    (in the flattened values) that goes there, or None for a parameter of the query itself."""

    def __init__(self, queryset, stand_ins: list):
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(self.db)
        self.named = self.objects = None
        if queryset._iterable_class is NamedValuesListIterable:
            self.named = create_namedtuple_class(*queryset._fields)
        elif queryset._iterable_class is ModelIterable:
            if queryset._prefetch_related_lookups or queryset._known_related_objects:
                raise TypeError("CompiledQuery reads no prefetch_related() or related managers")
        elif queryset._iterable_class is not ValuesListIterable:
            raise TypeError("CompiledQuery builds values_list() or model querysets")
        if queryset.query.is_sliced:
            raise TypeError("CompiledQuery slices with rows_between(), not the queryset")
        try:
            self.sql, params = self.compiler.as_sql()
        except EmptyResultSet:
            self.sql, params = None, ()
        if self.sql is not None and queryset._iterable_class is ModelIterable:
            self.objects = _ModelRows(self.compiler, self.db)
        # What results_iter() would work out for every call: the columns' converters.
        columns = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        if self.compiler.has_composite_fields(columns):
            raise TypeError("CompiledQuery reads no composite fields")
        self.converters = self.compiler.get_converters(columns) if self.sql else {}
        self.params = list(params)
        where = {_matchable(value): index for index, value in enumerate(stand_ins)}
        ops = connections[self.db].ops
        escaped = {
            ops.prep_for_like_query(value): index
            for index, value in enumerate(stand_ins)
            if isinstance(value, str)
        }
        self.slots = [_slot_for(param, where, escaped) for param in params]
        found = set().union(*(slot.indexes() for slot in self.slots if slot))
        self.complete = self.sql is None or found == set(where.values())

    def _params(self, flat_values: list, connection) -> list:
        return [
            param if slot is None else slot.fill(param, flat_values, connection)
            for param, slot in zip(self.params, self.slots, strict=True)
        ]

    def count(self, flat_values: list, limit: int) -> int:
        if self.sql is None:
            return 0
        connection = connections[self.db]
        sql = f"SELECT COUNT(*) FROM ({self.sql} LIMIT {int(limit)}) AS counted"
        with connection.cursor() as cursor:
            cursor.execute(sql, self._params(flat_values, connection))
            return cursor.fetchone()[0]

    def rows(self, flat_values: list, bounds: tuple | None = None) -> list:
        if self.sql is None:
            return []
        with connections[self.db].cursor() as cursor:
            cursor.execute(*self.statement(flat_values, bounds))
            return self.converted(cursor.fetchall())

    def statement(self, flat_values: list, bounds: tuple | None = None) -> tuple[str, list]:
        """The SQL and parameters that read these values' rows (``bounds``: a slice)."""
        sql = self.sql
        if bounds is not None:
            # Written in, as Django does: with parameters, a prepared statement's generic plan
            # does not know how few rows are read (PostgreSQL's CPU per HSDS page 0.8 -> 1.5 ms).
            start, stop = (int(bound) for bound in bounds)
            sql += f" LIMIT {stop - start} OFFSET {start}"
        return sql, self._params(flat_values, connections[self.db])

    def converted(self, fetched: list) -> list:
        """The fetched rows as the ORM gives them."""
        rows = fetched
        if self.converters:
            rows = map(tuple, self.compiler.apply_converters(fetched, self.converters))
        if self.objects is not None:
            return self.objects.from_rows(rows)
        if self.named is not None:
            return [tuple.__new__(self.named, row) for row in rows]
        return list(rows)


class _ModelRows:
    """Model objects from a compiled query's rows, as Django's ModelIterable makes them: the
    model's fields, the select_related objects, the annotations."""

    def __init__(self, compiler, db):
        select, klass_info = compiler.select, compiler.klass_info
        self.db = db
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.names = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, db)
        self.annotations = list(compiler.annotation_col_map.items())

    def from_rows(self, rows) -> list:
        objects = []
        for row in rows:
            instance = self.model.from_db(self.db, self.names, row[self.start : self.end])
            for related in self.related:
                related.populate(row, instance)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            objects.append(instance)
        return objects


class ShapeBudget:
    """How many shapes several CompiledQuery may compile together: each kept shape holds its
    compiled query (some 200 KB for a search's), so queries with many shapes share a bound."""

    def __init__(self, shapes: int):
        self.left = shapes
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


class CompiledQuery:
    """``build(*values)`` gives a values_list or model queryset; ``rows(*values)`` gives its rows
    (a list of tuples, named tuples with ``named=True``, or model objects), compiling once per
    shape; ``rows_between(start, stop, *values)`` gives its rows start to stop, and
    ``count_up_to(limit, *values)`` how many there are, up to ``limit``."""

    def __init__(self, build, budget: "ShapeBudget | None" = None):
        self.build = build
        self.budget = budget
        self._shapes: dict = {}
        self._lock = threading.Lock()

    def compiled_shapes(self) -> int:
        return len(self._shapes)

    def rows(self, *values) -> list:
        return self._read(values, None)

    def rows_between(self, start: int, stop: int, *values) -> list:
        if not 0 <= start <= stop:
            raise ValueError(f"rows_between() takes 0 <= start <= stop, not {start}, {stop}")
        return self._read(values, (start, stop))

    def count_up_to(self, limit: int, *values) -> int:
        """How many rows there are, ``limit`` at most: one COUNT over the compiled SQL."""
        shape = self._shape(values)
        if shape is None or not shape.complete:
            return self.build(*values)[:limit].count()
        return shape.count(_flat(values), limit)

    def _read(self, values, bounds) -> list:
        shape = self._shape(values)
        if shape is None or not shape.complete:
            queryset = self.build(*values)
            return list(queryset if bounds is None else queryset[bounds[0] : bounds[1]])
        return shape.rows(_flat(values), bounds)

    def _shape(self, values) -> "_Shape | None":
        key = tuple(len(value) if isinstance(value, (list, tuple)) else None for value in values)
        shape = self._shapes.get(key)
        return shape if shape is not None else self._compiled(key, values)

    def _compiled(self, key, values) -> _Shape | None:
        with self._lock:
            if key not in self._shapes:
                if len(self._shapes) >= MAX_SHAPES:
                    return None
                if self.budget is not None and not self.budget.take():
                    return None
                stand_ins = _StandIns()
                placeholders = [stand_ins.like(value) for value in values]
                self._shapes[key] = _Shape(self.build(*placeholders), _flat(placeholders))
            return self._shapes[key]


def read_together(*reads: tuple[CompiledQuery, tuple]) -> list[list]:
    """``[query.rows(*values) for query, values in reads]``, with the compiled queries of one
    PostgreSQL database sent in one round trip (psycopg's pipeline mode) instead of one each.

    The service page reads its lists, requirements and hours after its row: one round trip
    for five queries took a third of the time of five (issue 18). The queries still count as
    queries (a test's query count is the same); elsewhere (SQLite) they run one by one.
    """
    results: list = [None] * len(reads)
    pending = []
    for position, (query, values) in enumerate(reads):
        shape = query._shape(values)
        if shape is None or not shape.complete or shape.sql is None:
            results[position] = query.rows(*values)
        else:
            pending.append((position, shape, _flat(values)))
    databases = {shape.db for _, shape, _ in pending}
    if len(pending) > 1 and len(databases) == 1 and _pipelines(connections[databases.pop()]):
        _read_in_one_round_trip(pending, results)
    else:
        for position, shape, flat_values in pending:
            results[position] = shape.rows(flat_values)
    return results


def _pipelines(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    import psycopg

    return psycopg.Pipeline.is_supported()


def _read_in_one_round_trip(pending: list, results: list) -> None:
    connection = connections[pending[0][1].db]
    cursors = [connection.cursor() for _ in pending]
    try:
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, (_, shape, flat_values) in zip(cursors, pending, strict=True):
                cursor.execute(*shape.statement(flat_values))
        for cursor, (position, shape, _) in zip(cursors, pending, strict=True):
            results[position] = shape.converted(cursor.fetchall())
    finally:
        for cursor in cursors:
            cursor.close()
