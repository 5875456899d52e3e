"""Conditions that a column is one of a subquery's keys, read once as an array (issue 18).

``column IN (subquery)`` leaves the planner to guess how many keys the subquery gives. Beside
tables a page joins, or under a LIMIT with an ORDER BY, a wrong guess cost whole-table plans:
a page of places joined every link before keeping its few (480 ms at 100,000 services), and a
search with an age filter sorted every service by its score and compared each with the best
500 (2 to 3 s). ``column = ANY(ARRAY(subquery))`` is read once, before the rest, and the row
of each key is then found through the column's index.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL


def one_of(model, column: str, queryset, key: str = "pk", bounds: tuple | None = None):
    """A condition: ``model``'s ``column`` is one of the ``key`` values of ``queryset`` (rows
    ``bounds`` = (start, stop) of it; a few hundred at most). On PostgreSQL an array the query
    reads once; elsewhere the values as a list."""
    keys = queryset.annotate(wegwijs_key=F(key)).values_list("wegwijs_key", flat=True)
    if bounds is not None:
        keys = keys[bounds[0] : bounds[1]]
    if connections[keys.db].vendor != "postgresql":
        return Q(**{f"{column}__in": list(keys)})
    try:
        sql, params = keys.query.sql_with_params()
    except EmptyResultSet:  # e.g. filtered by a taxonomy that does not exist
        return Q(pk__in=[])
    return one_of_sql(model, column, sql, params, "wegwijs_key")


def one_of_sql(model, column: str, sql: str, params, key_column: str = "id"):
    """As one_of, for the keys in column ``key_column`` of PostgreSQL's ``sql``."""
    # Selected from, as a DISTINCT query also selects the columns it is ordered by.
    keys_sql = f'SELECT wegwijs_keys."{key_column}" FROM ({sql}) AS wegwijs_keys'
    qualified = f'"{model._meta.db_table}"."{column}"'
    return RawSQL(
        f"{qualified} = ANY(ARRAY({keys_sql}))", tuple(params), output_field=BooleanField()
    )
