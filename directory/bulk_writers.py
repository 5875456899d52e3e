"""Writing many new rows fast, for generate_bulk: on PostgreSQL with COPY, ids drawn from the
tables' sequences and the secondary indexes and foreign keys dropped and built again once;
elsewhere (SQLite) with batched bulk_create. Both take unsaved model instances, or columns and
rows for link tables."""

import enum

from django.db import connection

BATCH = 2000


def plain(value):
    """A choice's value rather than its enum member (a field's default may be one)."""
    return value.value if isinstance(value, enum.Enum) else value


class CopyWriter:
    """PostgreSQL: rows streamed with COPY, ids drawn from each table's sequence beforehand."""

    def objects(self, model, instances, keep_ids=True) -> list[int]:
        """Write unsaved model instances; with ``keep_ids`` return their new ids in order.

        The instances' attributes are written as they are (no pre_save, no field
        conversion): give them plain values, ids for foreign keys."""
        instances = list(instances)
        fields = [f for f in model._meta.concrete_fields if keep_ids or not f.primary_key]
        if keep_ids:
            ids = self.new_ids(model, len(instances))
            for instance, pk in zip(instances, ids, strict=True):
                instance.pk = pk
        attnames = [f.attname for f in fields]
        rows = ([plain(getattr(instance, name)) for name in attnames] for instance in instances)
        self.copy(model._meta.db_table, [f.column for f in fields], rows)
        return [instance.pk for instance in instances] if keep_ids else []

    def links(self, model, columns, rows):
        self.copy(model._meta.db_table, columns, rows)

    def new_ids(self, model, count) -> list[int]:
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def copy(self, table, columns, rows):
        quote = connection.ops.quote_name
        statement = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    class indexes_dropped:
        """Drop the secondary indexes (not the primary keys, not the unique ones that guard
        the data) and the foreign keys of the models' tables, and add them again on the way
        out: one index build, or one check of a foreign key over the whole table, is much
        faster than keeping them up row by row. Inside a transaction, so an error puts them
        back as they were; a row that breaks a foreign key fails the command."""

        def __init__(self, models):
            self.tables = [model._meta.db_table for model in models]

        def __enter__(self):
            with connection.cursor() as cursor:
                # PostgreSQL alters no table with foreign-key checks still pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)"
                    " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
                    " WHERE c.contype = 'f' AND t.relname = ANY(%s)",
                    [self.tables],
                )
                self.foreign_keys = cursor.fetchall()
                cursor.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
                    " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                    " WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique"
                    " AND NOT EXISTS"
                    " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                    [self.tables],
                )
                self.indexes = cursor.fetchall()
                quote = connection.ops.quote_name
                for table, name, _ in self.foreign_keys:
                    cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                for name, _ in self.indexes:
                    cursor.execute(f"DROP INDEX {name}")

        def __exit__(self, *exc_info):
            if exc_info[0] is not None:
                return  # the transaction's rollback restores them
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                for _, definition in self.indexes:
                    cursor.execute(definition)
                for table, name, definition in self.foreign_keys:
                    cursor.execute(
                        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                    )
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class BulkCreateWriter:
    """Other databases (SQLite for local development): bulk_create in batches."""

    def objects(self, model, instances, keep_ids=True) -> list[int]:
        created = model.objects.bulk_create(instances, batch_size=BATCH)
        return [instance.pk for instance in created] if keep_ids else []

    def links(self, model, columns, rows):
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=BATCH
        )

    class indexes_dropped:
        def __init__(self, models):
            pass

        def __enter__(self):
            pass

        def __exit__(self, *exc_info):
            pass
