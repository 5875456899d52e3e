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
from staff.admin.search import KEY_CAP, name_holds
from staff.admin.service_list import CappedSearchCountMixin


def search_terms(search_term: str) -> list[str]:
    """The words of an admin search as Django's admin splits them ("quoted words" are one)."""
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        terms.append(bit)
    return terms


def holds(model, field: str, term: str) -> Q:
    """``model``'s rows whose ``field`` (a path such as ``service__name``) holds ``term``: a
    related row's field as the keys of the related rows that hold it, read first. Up to
    KEY_CAP of them, PostgreSQL finds the rows through the foreign key's index, together with
    the indexes of the row's own fields (migration 0027), rather than testing every row; past
    it (a word thousands of names hold) each row is tested, and PostgreSQL chooses to test a
    short list's rows one by one or a long list's against the related rows read once."""
    relation, _, rest = field.partition("__")
    if not rest:
        return Q(**{f"{field}__icontains": term})
    related = model._meta.get_field(relation).related_model
    if related is Service and rest == "name":
        vendor = connections[Service.objects.db].vendor
        matching = Service.objects.filter(name_holds(term, vendor))
    else:
        matching = related._default_manager.filter(holds(related, rest, term))
    keys = list(matching.order_by().values_list("pk", flat=True)[: KEY_CAP + 1])
    if len(keys) <= KEY_CAP:
        return Q(**{f"{relation}__in": keys})
    return Q(Exists(matching.filter(pk=OuterRef(relation))))


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
        fields = self.get_search_fields(request)
        for term in search_terms(search_term) if fields else ():
            queryset = queryset.filter(
                Q.create([holds(queryset.model, field, term) for field in fields], connector=Q.OR)
            )
        return queryset, False

    def get_changelist(self, request, **kwargs):
        return ListedColumnsOnly if self.list_only else super().get_changelist(request, **kwargs)
