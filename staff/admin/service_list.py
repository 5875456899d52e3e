"""The list of services in the admin: its filters for drafts and checks, the cities per row in
one query, and the staff search."""

from functools import cached_property

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.paginator import Paginator
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from directory.models import Service
from staff.admin.search import search_services


def service_city_names(service_ids) -> dict[int, list[str]]:
    """Per service: the names of the cities it serves whole or by neighbourhood (one query)."""
    whole = Service.serves_cities.through.objects.filter(service_id__in=service_ids)
    parts = Service.serves_neighbourhoods.through.objects.filter(service_id__in=service_ids)
    rows = whole.values_list("service_id", "city__name").union(
        parts.values_list("service_id", "neighbourhood__city__name")
    )
    names: dict[int, set[str]] = {}
    for service_id, name in rows:
        names.setdefault(service_id, set()).add(name)
    return {service_id: sorted(found) for service_id, found in names.items()}


class SearchResultsPaginator(Paginator):
    """A staff search's services counted up to ``cap``: "meer dan 1000 resultaten" and no
    pages past it, never an exact count of the tens of thousands a common word finds at
    100,000 services (which read every match)."""

    cap = 1000

    @cached_property
    def found(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        return self.found > self.cap


class CappedSearchCountMixin:
    """For a ModelAdmin: a search's results are counted up to SearchResultsPaginator.cap."""

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if request.GET.get(SEARCH_VAR, "").strip():
            return SearchResultsPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)


class ToCompleteFilter(admin.SimpleListFilter):
    """Drafts to complete: entries the sources only name, not shown to residents (issue 14)."""

    title = _("te vervolledigen")
    parameter_name = "te_vervolledigen"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja: nog niet gepubliceerd"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.to_complete()
        return queryset


class NeedsVerificationFilter(admin.SimpleListFilter):
    title = _("te verifiëren")
    parameter_name = "te_verifieren"

    def lookups(self, request, model_admin):
        return [
            ("ja", _("Ja: nooit of meer dan 6 maanden geleden (oudste eerst)")),
            ("nee", _("Nee: in de laatste 6 maanden")),
        ]

    def queryset(self, request, queryset):
        stale = Service.objects.needs_verification().active()
        if self.value() == "ja":  # filtered itself, so that the list walks its index
            return queryset.needs_verification().active()
        if self.value() == "nee":
            return queryset.exclude(pk__in=stale)
        return queryset


class ServiceListMixin(CappedSearchCountMixin):
    """ServiceAdmin's change list: the ordering of the checks to do, the cities and the state
    of each row, links to edit, view and history, and search by residents' words."""

    def get_ordering(self, request):
        """The list of services to verify: the oldest check first, never checked at the top."""
        if request.GET.get(NeedsVerificationFilter.parameter_name) == "ja":
            return [F("last_verified").asc(nulls_first=True), "name"]
        return super().get_ordering(request)

    def get_changelist_instance(self, request):
        """The list's cities for the services on the page, in one query."""
        changelist = super().get_changelist_instance(request)
        if request.method != "GET":  # an action: the list is not shown
            return changelist
        services = list(changelist.result_list)
        names = service_city_names([service.pk for service in services])
        for service in services:
            service.list_city_names = names.get(service.pk, [])
        changelist.result_list = services
        return changelist

    @admin.display(description=_("steden"))
    def city_names(self, obj):
        """The cities served whole or in some of their neighbourhoods."""
        return ", ".join(getattr(obj, "list_city_names", [])) or "—"

    @admin.display(description=_("status"), ordering="status")
    def state(self, obj):
        if obj.is_ended:
            return _("Gestopt")
        return _("Gepubliceerd") if obj.is_published else _("Ontwerp")

    @admin.display(description=_("acties"))
    def row_actions(self, obj):
        links = [
            (reverse("admin:directory_service_change", args=[obj.pk]), _("Bewerk")),
            (self.view_on_site(obj), _("Bekijk")),
            (reverse("admin:directory_service_history", args=[obj.pk]), _("Geschiedenis")),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def get_search_results(self, request, queryset, search_term):
        return search_services(queryset, search_term), False
