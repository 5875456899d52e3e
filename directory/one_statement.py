"""A row and the queries keyed on it, sent as one statement (issue 18: the service page).

The service page read its row by slug, then five queries keyed on the service's id (three
lists, its requirements, its opening hours) in a second round trip: six statements, each with
psycopg's and Django's cost of a cursor and a result, a third of a page-cache miss.
``read_row_and_followers()`` sends them as one statement on PostgreSQL: the first query as a
CTE, each follower as a subquery whose key parameters read the first row's key from that CTE,
and each part's rows as one JSON array. Its values are turned back into what psycopg gives
(dates, times, decimals, uuids), then into rows as the ORM gives them
(directory.compiled_sql). Elsewhere (SQLite), or when a part holds a column type this module
does not turn back, the row is read first and the followers after it (read_together), as
before.

PostgreSQL aggregates a sorted subquery's rows in their order (its documentation: "supplying
the input values from a sorted subquery will usually work"); the tests compare every list with
the ORM's.
"""

import datetime
import decimal
import json
import re
import threading
import uuid

from django.core.exceptions import FieldError
from django.db import connections

from directory.compiled_sql import CompiledQuery, Shape, flattened, read_together

# The value of a follower that stands for the first row's key.
KEY_POSITION = 0
# Columns JSON carries as psycopg gives them, and those it carries as text to be turned back.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
}
_TURNED_BACK = {
    "DateField": datetime.date.fromisoformat,
    "TimeField": datetime.time.fromisoformat,
    "DecimalField": decimal.Decimal,
    "UUIDField": uuid.UUID,
}
_PLACEHOLDER = re.compile(r"%%|%s")
_FIRST = "wegwijs_first"
_MAX_STATEMENTS = 64


class _Unsupported(Exception):
    """A part that one statement cannot read as the ORM would."""


def _columns(shape: Shape) -> list:
    """Per column of ``shape``, how it comes back from JSON: None as it is, else a function."""
    compiler = shape.compiler
    found = []
    for column in (selected[0] for selected in compiler.select[: compiler.col_count]):
        try:
            kind = column.output_field.get_internal_type()
        except (AttributeError, FieldError) as error:
            raise _Unsupported(f"a column without a known type: {column!r}") from error
        if kind in _AS_IS:
            found.append(None)
        elif kind in _TURNED_BACK:
            found.append(_TURNED_BACK[kind])
        else:
            raise _Unsupported(f"a column of type {kind}")
    return found


def _as_json_array(shape: Shape, source: str) -> str:
    """SQL for the rows of ``source`` (a subquery or the CTE, its columns named c0, c1, ...)
    as one JSON array of arrays; decimals as text, so that none loses a digit."""
    values = ", ".join(
        f"c{index}::text" if turn_back is decimal.Decimal else f"c{index}"
        for index, turn_back in enumerate(_columns(shape))
    )
    return f"(SELECT json_agg(json_build_array({values})) FROM {source})"


def _column_names(shape: Shape) -> str:
    return ", ".join(f"c{index}" for index in range(shape.compiler.col_count))


def _key_placeholders(shape: Shape) -> set[int]:
    """The parameters of ``shape`` that hold the follower's KEY_POSITION value as it is."""
    positions = set()
    for position, slot in enumerate(shape.slots):
        if slot is None or KEY_POSITION not in slot.indexes():
            continue
        if slot.items is not None or slot.like is not None or slot.index != KEY_POSITION:
            raise _Unsupported("the key inside a list or a pattern")
        positions.add(position)
    return positions


def _with_first_key(shape: Shape, positions: set[int]) -> str:
    """The SQL of ``shape`` with the parameters at ``positions`` reading the first row's key."""
    parts, start, number = [], 0, 0
    for found in _PLACEHOLDER.finditer(shape.sql):
        if found.group() != "%s":
            continue
        if number in positions:
            parts += [shape.sql[start : found.start()], f"(SELECT c0 FROM {_FIRST} LIMIT 1)"]
            start = found.end()
        number += 1
    if number != len(shape.slots):
        raise _Unsupported("placeholders that do not match the parameters")
    return "".join([*parts, shape.sql[start:]])


class _Statement:
    """The one statement of a first shape and its followers' shapes."""

    def __init__(self, first: Shape, followers: list[Shape]):
        shapes = [first, *followers]
        if any(shape.sql is None or not shape.complete for shape in shapes):
            raise _Unsupported("a query that is empty or built at every call")
        objects = first.objects
        key_first = objects is not None and objects.start == 0
        if not key_first or objects.names[0] != objects.model._meta.pk.attname:
            raise _Unsupported("a first query whose first column is not its model's key")
        self.first, self.followers = first, followers
        self.turn_back = [_columns(shape) for shape in shapes]
        self.keys = [_key_placeholders(shape) for shape in followers]
        parts = [_as_json_array(first, _FIRST)]
        for shape, keys in zip(followers, self.keys, strict=True):
            source = f"({_with_first_key(shape, keys)}) AS wegwijs_rows ({_column_names(shape)})"
            parts.append(_as_json_array(shape, source))
        self.sql = (
            f"WITH {_FIRST} ({_column_names(first)}) AS ({first.sql}) SELECT {', '.join(parts)}"
        )

    def read(self, first_values: list, follower_values: list[list]) -> tuple[list, list]:
        connection = connections[self.first.db]
        params = self.first.params_for(first_values, connection)
        for shape, keys, values in zip(self.followers, self.keys, follower_values, strict=True):
            filled = shape.params_for(values, connection)
            params += [param for position, param in enumerate(filled) if position not in keys]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            found = cursor.fetchone()
        read = [
            shape.converted(_rows(arrays, turn_back))
            for shape, arrays, turn_back in zip(
                [self.first, *self.followers], found, self.turn_back, strict=True
            )
        ]
        return read[0], read[1:]


def _rows(arrays, turn_back: list) -> list[tuple]:
    """A part's JSON array of rows as the tuples psycopg would have fetched."""
    if arrays is None:
        return []
    if isinstance(arrays, str):
        arrays = json.loads(arrays)
    turned = [(index, function) for index, function in enumerate(turn_back) if function]
    for row in arrays:
        for index, function in turned:
            if row[index] is not None:
                row[index] = function(row[index])
    return [tuple(row) for row in arrays]


_statements: dict = {}
_lock = threading.Lock()


def _statement(first: Shape, followers: list) -> "_Statement | None":
    if None in followers:
        return None
    key = (first, *followers)
    if key not in _statements:
        try:
            statement = _Statement(first, followers)
        except _Unsupported:
            statement = None
        with _lock:
            if len(_statements) < _MAX_STATEMENTS:
                _statements[key] = statement
        return statement
    return _statements[key]


def read_row_and_followers(
    first: tuple[CompiledQuery, tuple], followers: list[tuple[CompiledQuery, tuple]]
) -> tuple[list, list[list] | None]:
    """``first``'s rows (a query of model objects, at most one row) and, when there is a row,
    each follower's rows, read with that row's key as the follower's first value (the first
    value given for a follower stands in for it, and only its type counts): one statement on
    PostgreSQL. Without a row, the followers' rows are None."""
    query, values = first
    first_shape = query.shape_for(values)
    statement = None
    if first_shape is not None and connections[first_shape.db].vendor == "postgresql":
        statement = _statement(
            first_shape, [follower.shape_for(more) for follower, more in followers]
        )
    if statement is None:
        rows = query.rows(*values)
        if not rows:
            return rows, None
        key = rows[0].pk
        return rows, read_together(*((follower, (key, *more[1:])) for follower, more in followers))
    rows, follower_rows = statement.read(
        flattened(values), [flattened(more) for _, more in followers]
    )
    return rows, (follower_rows if rows else None)
