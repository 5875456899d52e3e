"""The demo data, loaded once per test session instead of once per test.

`load_demo` costs about 5 s of CPU (loaddata, signals, search vectors). The session loads it once,
copies every table it filled into the schema ``demo_snapshot`` (invisible to Django, so a
transactional test's flush leaves it alone), and empties those tables again. A test that asks for
the demo gets the rows copied back with one ``INSERT … SELECT`` per table: inside the test's
transaction for ordinary tests, committed for transactional ones (their flush removes them).

On a database other than PostgreSQL the snapshot falls back to running `load_demo` each time.
"""

from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection, transaction

from directory.search.candidates import PROBLEM_TYPE_SETS

SCHEMA = "demo_snapshot"
# Tables that triggers fill from the others (migration 0017): putting the services back
# refills them, so they are neither copied nor emptied.
FILLED_BY_TRIGGERS = {PROBLEM_TYPE_SETS}


def _row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _insertable_columns(cursor, table):
    """The columns an INSERT may name: generated and identity-always columns are left out."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s "
        "AND is_generated = 'NEVER' AND coalesce(identity_generation, '') <> 'ALWAYS' "
        "ORDER BY ordinal_position",
        [table],
    )
    return [connection.ops.quote_name(name) for (name,) in cursor.fetchall()]


@dataclass
class DemoSnapshot:
    """Which tables the demo fills, and how to put their rows back."""

    tables: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    replaced: set[str] = field(default_factory=set)
    sequences: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def take(cls) -> "DemoSnapshot":
        if connection.vendor != "postgresql":
            return cls()
        quote = connection.ops.quote_name
        # In one transaction: loaddata closes the connection when it runs outside of one.
        with transaction.atomic(), connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            before = _row_counts(cursor, tables)
            call_command("load_demo", verbosity=0)
            # Check the deferred foreign keys now: TRUNCATE refuses tables with pending checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            after = _row_counts(cursor, tables)
            changed = [t for t in tables if after[t] != before[t]]
            snapshot = cls(tables=[t for t in changed if t not in FILLED_BY_TRIGGERS])
            # Tables that held rows before the demo (none today) are replaced whole on restore.
            snapshot.replaced = {t for t in snapshot.tables if before[t]}
            snapshot.sequences = _owned_sequences(cursor, snapshot.tables)
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in snapshot.tables:
                columns = ", ".join(_insertable_columns(cursor, table))
                snapshot.columns[table] = columns
                cursor.execute(
                    f"CREATE TABLE {SCHEMA}.{quote(table)} AS SELECT {columns} FROM {quote(table)}"
                )
            emptied = ", ".join(quote(t) for t in snapshot.tables if t not in snapshot.replaced)
            if emptied:
                cursor.execute(f"TRUNCATE {emptied} RESTART IDENTITY CASCADE")
        return snapshot

    def restore(self) -> None:
        if not self.tables:
            call_command("load_demo", verbosity=0)
            return
        quote = connection.ops.quote_name
        # One transaction: the foreign keys (deferrable) are checked once all rows are back.
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.replaced:
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table in self.tables:
                columns = self.columns[table]
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({columns}) "
                    f"SELECT {columns} FROM {SCHEMA}.{quote(table)}"
                )
            self._move_sequences_past_the_rows(cursor)

    def _move_sequences_past_the_rows(self, cursor) -> None:
        for table, column, sequence in self.sequences:
            cursor.execute(
                f"SELECT setval(%s, coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)",
                [sequence],
            )


def _owned_sequences(cursor, tables):
    """(table, column, sequence) for each serial or identity column of the tables."""
    cursor.execute(
        "SELECT t.relname, a.attname, s.oid::regclass::text FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE s.relkind = 'S' AND t.relname = ANY(%s) AND pg_table_is_visible(t.oid)",
        [list(tables)],
    )
    quote = connection.ops.quote_name
    return [(quote(table), quote(column), seq) for table, column, seq in cursor.fetchall()]
