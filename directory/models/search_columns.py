"""A service's columns for the search only: kept up to date by directory.signals (PostgreSQL
only; None elsewhere) and read by directory.search. No page and no open data shows them."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from directory.models.base import SearchIdsField


class SearchColumns(models.Model):
    """Service's search columns, each indexed (GIN or trigram) by the migrations."""

    search_document = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)
    # The ids of its problem types, so that a search finds and scores a service's problem
    # types in its own row, through a GIN index (PostgreSQL only; None elsewhere).
    search_problem_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    # The cities it serves, wholly or in some of their neighbourhoods (a city may come twice),
    # so that a list for a city tests each service on its own row (PostgreSQL only).
    search_city_ids = SearchIdsField(models.IntegerField(), null=True, blank=True, editable=False)
    # The cities it serves as a whole and the neighbourhoods it serves, for the neighbourhood
    # pages and filter likewise.
    search_whole_city_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    search_neighbourhood_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    # The languages it speaks, for the language filter likewise.
    search_language_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    # The list's tick boxes it meets, alone and in each city it serves, as keys for a GIN index
    # (ServiceQuerySet.meeting); a trigger writes them on every INSERT and UPDATE (migration 0018).
    search_filter_keys = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    SEARCH_COLUMNS = (
        "search_document",
        "search_text",
        "search_problem_ids",
        "search_city_ids",
        "search_whole_city_ids",
        "search_neighbourhood_ids",
        "search_language_ids",
        "search_filter_keys",
    )
