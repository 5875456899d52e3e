"""Admin lists of the rows that belong to services and places (contact channels, opening
hours, places of services, translations, closures), as they hold at 100,000 services.

Django's admin searches a related name (``service__name``) through a join, testing every row
of the list with its service's row: 100-200 ms a search at 100,000 services, none through an
index. And a list reads every column of the rows it names, a service's search columns too
(the list of places of services: 230 ms unsearched). Here a related name is searched by
reading the matching services (through their folded name's trigram index, as the services'
own search reads names) or places first, and a list reads only the columns it shows. A
contact channel's own texts are found through their trigram indexes (migration 0027).
"""

from django.contrib.admin.views.main import ChangeList
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.utils.text import smart_split, unescape_string_literal

from directory.models import Service
from staff.admin.search import name_holds, one_of_keys, read_keys
from staff.admin.service_list import CappedSearchCountMixin


def search_terms(search_term: str) -> list[str]:
    """The words of an admin search as Django's admin splits them ("quoted words" are one)."""
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        terms.append(bit)
    return terms


def related_rows(model, field: str, term: str):
    """For a ``field`` of a related row (``service__name``): the relation and the related rows
    whose field holds ``term`` (a service's name through its folded name's trigram index, as
    the services' own search reads names); None for a field of ``model``'s own."""
    relation, _, rest = field.partition("__")
    if not rest:
        return None
    related = model._meta.get_field(relation).related_model
    if related is Service and rest == "name":
        vendor = connections[Service.objects.db].vendor
        return relation, Service.objects.filter(name_holds(term, vendor))
    return relation, related._default_manager.filter(**{f"{rest}__icontains": term})


class ListedColumnsOnly(ChangeList):
    """A change list that reads only its ModelAdmin's ``list_only`` columns."""

    def apply_select_related(self, qs):
        return super().apply_select_related(qs).only(*self.model_admin.list_only)


class RelatedNamesAdminMixin(CappedSearchCountMixin):
    """For a ModelAdmin whose ``search_fields`` name fields of its own and of related rows
    (no ^, = or @ prefixes): every word must be in one of them, as in Django's search, each
    related field read through its own rows first; a search is counted up to
    SearchResultsPaginator.cap, as the services' is (CappedSearchCountMixin). ``list_only``:
    the columns the list shows (its own fields, its relations and their shown fields), or
    empty for every column."""

    list_only: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        """Each related field's keys for every word read first, all in one query
        (staff.admin.search.read_keys): up to KEY_CAP of them PostgreSQL finds the rows through
        the foreign key's index, together with the indexes of the row's own fields (migrations
        0027, 0028), rather than testing every row; past it (a word thousands of names hold)
        each row is tested by EXISTS, which PostgreSQL runs per row for a short list and
        hashes once for a long one."""
        fields = self.get_search_fields(request)
        terms = search_terms(search_term) if fields else []
        model = queryset.model
        related = {
            f"{number}:{field}": related_rows(model, field, term)
            for number, term in enumerate(terms)
            for field in fields
        }
        keys = read_keys({way: (found[1], "pk") for way, found in related.items() if found})
        for number, term in enumerate(terms):
            ways = []
            for field in fields:
                found = related[f"{number}:{field}"]
                if found is None:
                    ways.append(Q(**{f"{field}__icontains": term}))
                else:
                    relation, rows = found
                    matching = Q(Exists(rows.filter(pk=OuterRef(relation))))
                    ways.append(one_of_keys(relation, keys[f"{number}:{field}"], matching))
            queryset = queryset.filter(Q.create(ways, connector=Q.OR))
        return queryset, False

    def get_changelist(self, request, **kwargs):
        return ListedColumnsOnly if self.list_only else super().get_changelist(request, **kwargs)
