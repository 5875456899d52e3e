"""Count the round trips to PostgreSQL: libpq's own trace of the protocol's messages."""

import contextlib
import tempfile

from django.db import connection


@contextlib.contextmanager
def counted_round_trips():
    """Yields a list that holds, after the block, one entry per round trip the block made on
    Django's default connection: per Sync message the client sent (each waits for the
    server's ReadyForQuery), the names of the messages sent before it."""
    from psycopg import pq

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    trips: list[list[str]] = []
    with tempfile.TemporaryFile() as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        try:
            yield trips
        finally:
            pgconn.untrace()
        trace.seek(0)
        sent = []
        for line in trace.read().decode().splitlines():
            direction, _length, message, *_ = line.split()
            if direction != "F":
                continue
            if message == "Sync":
                trips.append(sent)
                sent = []
            elif message != "Flush":
                sent.append(message)
