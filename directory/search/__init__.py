"""Search in residents' own words, the same on PostgreSQL and on SQLite.

1. ``understand`` (directory.search.understanding) reads the query against the residents'
   vocabulary in Python: which problem types it is about, its words corrected for typos, and
   whether it is a crisis.
2. ``search_services`` (directory.search.ranking) finds the services linked to those problem
   types or with the words in their own texts (any word may match) and ranks them: a match on
   the problem a service is for above a match in its name, above one in its summary or other
   text. PostgreSQL reads the words in the stored full-text document (directory.search.index);
   SQLite compares the texts.
"""

import re

from django.db import connections
from django.db.models import Q

from directory.search.index import (
    SEARCH_CONFIG,
    refresh_search_fields,
    search_refreshes_deferred,
)
from directory.search.ranking import RESULT_CAP

MAX_QUERY_LENGTH = 200
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def clean_query(raw: str) -> str:
    """The query as the database should see it: no control characters (PostgreSQL refuses NUL
    bytes), single spaces, at most MAX_QUERY_LENGTH characters."""
    text = _CONTROL_CHARACTERS.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def understand(raw_query: str):
    from directory.search.understanding import understand as _understand

    return _understand(clean_query(raw_query))


def search_services(
    queryset, raw_query: str, vendor: str | None = None, understanding=None, limit=None
):
    """Services in ``queryset`` matching ``raw_query``, best match first; at most ``limit``
    (see directory.search.ranking.ranked)."""
    from directory.search.ranking import ranked

    query = clean_query(raw_query)
    if not query:
        return queryset
    return ranked(queryset, understanding or understand(query), vendor, limit)


def match_condition(queryset, raw_query: str) -> Q:
    """A condition that a service of ``queryset`` is one ``search_services`` finds, unranked:
    for filtering by the search (the admin's search). On PostgreSQL it is a condition on the
    service's own row, which the search indexes can answer."""
    query = clean_query(raw_query)
    if not query:
        return Q()
    if connections[queryset.db].vendor == "postgresql":
        from directory.search.ranking import postgresql_match

        return postgresql_match(understand(query)) or Q(pk__in=[])
    return Q(pk__in=search_services(queryset, query).order_by().values("pk"))


__all__ = [
    "MAX_QUERY_LENGTH",
    "RESULT_CAP",
    "SEARCH_CONFIG",
    "clean_query",
    "match_condition",
    "refresh_search_fields",
    "search_refreshes_deferred",
    "search_services",
    "understand",
]
