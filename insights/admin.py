import csv
import itertools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from insights import reports
from insights.charts import bar_chart
from insights.models import DemandCount, current_month

Event = DemandCount.Event
CSV_HEADER = ["maand", "soort", "onderwerp", "stad", "wijk", "aantal"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Residents typed the search texts: never let a spreadsheet run one as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


class DemandCountAdmin(admin.ModelAdmin):
    """Signalen: registered by staff.admin.signals, which limits each user to their cities.

    Who may open it: the permission "Signalen bekijken" (insights.view_signals) or view on the
    counters themselves.
    """

    list_display = ["month", "event", "subject", "city", "neighbourhood", "count"]
    list_filter = ["event", "month", "city"]
    search_fields = ["subject"]
    change_list_template = "admin/insights/demandcount/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("insights.view_signals") or super().has_view_permission(
            request, obj
        )

    def visible_cities(self, request) -> list[str] | None:
        """The city slugs whose counters this user sees, None for all. None here (fail-closed):
        staff.admin.signals decides from the user's staff groups."""
        return []

    def get_queryset(self, request):
        return reports.counts(self.visible_cities(request))

    def get_urls(self):
        own = [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="insights_demandcount_dashboard",
            ),
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="insights_demandcount_export",
            ),
        ]
        return own + super().get_urls()

    def _month_from(self, request):
        raw = request.GET.get("maand")
        month = reports.parse_month(raw)
        if raw and month is None:
            messages.warning(request, _("Kies een maand als jaar-maand, bijvoorbeeld 2026-11."))
        return month

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        month = self._month_from(request) or current_month()
        cities = self.visible_cities(request)
        per_city = reports.top_subjects_per_city(Event.PROBLEM_VIEW, month, cities=cities)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Signalen voor het beleid"),
            "month": month,
            "monthly_searches": bar_chart(
                reports.monthly_totals(Event.SEARCH, month, cities=cities)
            ),
            "unmet_searches": bar_chart(
                reports.top_subjects(Event.SEARCH_FEW_RESULTS, month, cities=cities)
            ),
            "unmet_problems": bar_chart(
                reports.top_subjects(Event.PROBLEM_FEW_RESULTS, month, cities=cities)
            ),
            "problems_per_city": {city: bar_chart(rows) for city, rows in per_city.items()},
            "printed_services": bar_chart(
                reports.top_subjects(Event.CARD_PRINTED, month, cities=cities)
            ),
        }
        return TemplateResponse(request, "admin/insights/dashboard.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        month = reports.parse_month(request.GET.get("maand"))
        writer = csv.writer(_Echo())
        rows = itertools.chain([CSV_HEADER], reports.csv_rows(month, self.visible_cities(request)))
        response = StreamingHttpResponse(
            (writer.writerow([spreadsheet_safe(value) for value in row]) for row in rows),
            content_type="text/csv; charset=utf-8",
        )
        name = f"signalen-{month:%Y-%m}.csv" if month else "signalen.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "dashboard_url": reverse("admin:insights_demandcount_dashboard"),
        }
        return super().changelist_view(request, extra_context)
