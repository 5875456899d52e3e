"""An edit counter in PostgreSQL, for when the shared cache (Redis) cannot be read.

Every new generation (pagecache.pages.forget_all_pages) also counts one edit here. While Redis
is down, each process reads the counter once a second (GENERATION_CHECK_SECONDS) instead of the
shared generation: its pages stay valid while the counter stays the same, and an edit made in
any process shows in the others within that second, as with Redis up. A sequence, because
``nextval`` takes no lock and is seen by other connections at once, committed or not (the
generation is replaced again after the commit, as with Redis). Where there is no counter (SQLite)
or the database does not answer, both functions give up quietly.
"""

from django.db import DatabaseError, connection, transaction

SEQUENCE = "pagecache_edits"


def count_edit() -> None:
    """One edit more."""
    _query(f"SELECT nextval('{SEQUENCE}')")


def edits() -> int | None:
    """The edits counted so far; None without a counter or a database that answers."""
    found = _query(f"SELECT last_value + is_called::int FROM {SEQUENCE}")
    return None if found is None else found[0]


def _query(sql: str):
    """The first row of ``sql``, in a savepoint when inside a transaction, so that a failure
    leaves the caller's transaction usable; None on PostgreSQL's failure or elsewhere."""
    if connection.vendor != "postgresql":
        return None
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                return _first_row(sql)
        return _first_row(sql)
    except DatabaseError:
        return None


def _first_row(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()
