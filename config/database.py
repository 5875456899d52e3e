"""PostgreSQL connections: prepared statements for the queries whose best plan is the same
whatever their values.

A query that a connection has run PREPARE_THRESHOLD times is prepared (psycopg): PostgreSQL
then neither parses nor, after a few runs, plans it again. For a service's own rows (by slug,
by id, a page of ids) that planning was most of PostgreSQL's work. A plan made once for any
values is wrong for a query whose best plan depends on them: a search word found in 40 services
wants the full-text index, one found in 40,000 a scan. Queries whose conditions name one of the
``plan_for_values()`` fragments are therefore never prepared, and planned for their values each
time, as without this module. The domain registers its search columns (directory.apps).

A query with more values than one message of PostgreSQL's protocol can carry (65,535; an
update of 100,000 services by id) is sent with its values written into the SQL, as Django's
default cursor sends every query.

Behind a connection pooler in transaction mode (PgBouncer before 1.21), set
DATABASE_PREPARED_STATEMENTS=false: a prepared statement lives in one server connection.
"""

import functools

import psycopg
from django.db.backends.postgresql.base import ServerBindingCursor

PREPARE_THRESHOLD = 5
MAX_BOUND_VALUES = 65535
_value_planned: set[str] = set()


def plan_for_values(*fragments: str) -> None:
    """Never prepare a query whose FROM, WHERE or ORDER BY part holds one of ``fragments``
    (e.g. a quoted column name)."""
    _value_planned.update(fragments)
    planned_for_values.cache_clear()


@functools.lru_cache(maxsize=512)
def planned_for_values(sql: str) -> bool:
    """Kept per SQL text: the pages' queries are built once (directory.compiled_sql) and
    searching a few kilobytes of SQL for every fragment was a fiftieth of a service page.
    The pages make a few dozen texts (33 for forty searches, 88 KB); 512 bound the memory."""
    _select, found, rest = sql.partition(" FROM ")
    return bool(found) and any(fragment in rest for fragment in _value_planned)


class PreparingCursor(ServerBindingCursor):
    """Django's server-side binding cursor, leaving the queries on plan_for_values()'s
    fragments unprepared and binding too many values on the client."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if params is not None and len(params) > MAX_BOUND_VALUES:
            query, params, prepare = self._with_values_inline(query, params), None, False
        elif prepare is None and isinstance(query, str) and planned_for_values(query):
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)

    def _with_values_inline(self, query, params) -> str:
        return psycopg.ClientCursor(self.connection).mogrify(query, params)


def prepared_statement_options(enabled: bool) -> dict:
    """The OPTIONS of a PostgreSQL database that prepares its repeated queries."""
    if not enabled:
        return {}
    return {
        "server_side_binding": True,
        "cursor_factory": PreparingCursor,
        "prepare_threshold": PREPARE_THRESHOLD,
    }
