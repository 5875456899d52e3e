"""The service form: scoped per city, folded, with history, revert and verification."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Service
from staff.admin.inlines import (
    ContactChannelInline,
    ServiceAtLocationInline,
    ServiceOpeningHoursInline,
    ServiceTranslationInline,
)
from staff.admin.scoping import ScopedAdminMixin
from staff.admin.search import search_services
from staff.admin.slugs import AutoSlugAdminMixin
from staff.admin.widgets import problem_type_tree
from staff.forms import ServiceAdminForm, VerificationForm
from staff.revert import restore_owned_rows
from staff.verification import mark_services_verified, what_to_check


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


class ToCompleteFilter(admin.SimpleListFilter):
    """Drafts to complete: entries the sources only name, not shown to residents (issue 14)."""

    title = _("te vervolledigen")
    parameter_name = "te_vervolledigen"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja: nog niet gepubliceerd"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(pk__in=Service.objects.to_complete())
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
        if self.value() == "ja":
            return queryset.filter(pk__in=stale)
        if self.value() == "nee":
            return queryset.exclude(pk__in=stale)
        return queryset


@admin.register(Service)
class ServiceAdmin(AutoSlugAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    form = ServiceAdminForm
    object_history_template = "staff/service_history.html"
    scope_filter = "services"
    scoped_choices = {
        "serves_cities": "cities",
        "serves_neighbourhoods": "neighbourhoods",
        "successor": "services",
    }
    # At tablet width (820 px) staff/admin.css leaves name, cities, state and actions.
    list_display = [
        "name",
        "city_names",
        "state",
        "organization",
        "kind",
        "last_verified",
        "row_actions",
    ]
    actions = ["mark_verified", "export_csv"]
    list_filter = [
        ToCompleteFilter,
        NeedsVerificationFilter,
        "is_published",
        "status",
        "kind",
        "cost",
        "referral_required",
        "interpreter_available",
        "home_visits",
        "serves_cities",
        "problem_types",
        "last_verified",
    ]
    list_select_related = ["organization"]
    search_fields = ["name"]  # see get_search_results: words, phone, street, wijk, organisatie
    search_help_text = _(
        "Zoek op naam, woorden van bewoners (bv. schulden), telefoonnummer, straat, wijk of "
        "organisatie."
    )
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization", "successor"]
    filter_horizontal = ["languages", "serves_neighbourhoods"]  # long lists, folded away
    checkboxes = {"problem_types", "referrer_types", "age_groups", "serves_cities"}
    # No date_hierarchy: the filters "te verifiëren" and "laatst gecontroleerd" do that job.
    inlines = [
        ContactChannelInline,  # shown right after the essentials (change_form.html)
        ServiceAtLocationInline,
        ServiceOpeningHoursInline,
        ServiceTranslationInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "organization",
                    "kind",
                    "summary",
                    "steps",
                    "serves_cities",
                    "is_published",
                    "version",
                ]
            },
        ),
        (
            _("Meer uitleg en voor wie"),
            {"fields": ["description", "audience"], "classes": ["collapse"]},
        ),
        (_("Problemen"), {"fields": ["problem_types"], "classes": ["collapse"]}),
        (
            _("Kosten"),
            {
                "fields": ["cost", "cost_per_session", "cost_reduced", "cost_note"],
                "classes": ["collapse"],
            },
        ),
        (
            _("Toegang"),
            {
                "fields": [
                    "referral_required",
                    "referrer_types",
                    "interpreter_available",
                    "home_visits",
                    "always_open",
                    "max_sessions",
                    "age_groups",
                    "languages",
                ],
                "classes": ["collapse"],
            },
        ),
        (_("Wijken"), {"fields": ["serves_neighbourhoods"], "classes": ["collapse"]}),
        (
            _("Status en webadres"),
            {
                "fields": [
                    "status",
                    "end_date",
                    "successor",
                    "internal_note",
                    "slug",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            _("Bron en controle"),
            {
                "fields": [
                    "source_kind",
                    "source_title",
                    "source_url",
                    "source_date",
                    "last_verified",
                    "verified_by",
                    "verified_for",
                ],
                "description": _(
                    "Waar komen de gegevens vandaan? Vul een controledatum alleen in als je de "
                    "gegevens met de organisatie hebt nagekeken, met je naam erbij."
                ),
                "classes": ["collapse"],
            },
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkboxes:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "problem_types" and field is not None:
            field.choices = problem_type_tree(field.queryset)
        return field

    def scope_error(self, scope, cleaned_data):
        organization = cleaned_data.get("organization")
        cities = {city.pk for city in cleaned_data.get("serves_cities", [])}
        cities |= {part.city_id for part in cleaned_data.get("serves_neighbourhoods", [])}
        if (organization and organization.pk in scope.organization_ids) or cities:
            return None
        return _("Kies bij Werkgebied minstens één van je eigen steden of wijken.")

    def save_related(self, request, form, formsets, change):
        """An editor's form offers only their own cities: keep the others the service serves."""
        scope, service = self.scope(request), form.instance
        kept_cities = kept_parts = []
        if change and not scope.everything:
            kept_cities = list(service.serves_cities.exclude(pk__in=scope.city_ids))
            kept_parts = list(service.serves_neighbourhoods.exclude(city_id__in=scope.city_ids))
        super().save_related(request, form, formsets, change)
        service.serves_cities.add(*kept_cities)
        service.serves_neighbourhoods.add(*kept_parts)

    @admin.action(description=_("Markeer als gecontroleerd (vandaag)"), permissions=["change"])
    def mark_verified(self, request, queryset):
        """First a page that lists, per service, what a check covers, with a box to tick per
        service, and asks who checked on whose behalf; only the ticked ones are marked, and only
        with a name (issue 14: "checked" means a named person checked)."""
        services = list(
            queryset.prefetch_related(
                "contact_channels",
                "service_locations__location",
                "opening_hours",
                "serves_cities",
                "serves_neighbourhoods__city",
            )
        )
        form = VerificationForm(request.POST if request.POST.get("bevestigd") else None)
        if not form.is_bound:
            form.initial = VerificationForm.initial_for(request.user, services)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Wat heb je gecontroleerd?"),
                "opts": self.model._meta,
                "rows": [(service, what_to_check(service)) for service in services],
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/directory/service/confirm_verified.html", context
            )
        ticked = set(request.POST.getlist("gecontroleerd"))
        confirmed = [service for service in services if str(service.pk) in ticked]
        count = mark_services_verified(
            confirmed,
            form.cleaned_data["verified_by"],
            form.cleaned_data["verified_for"],
            user=request.user,
        )
        message = ngettext(
            "%(count)d dienst is gemarkeerd als gecontroleerd.",
            "%(count)d diensten zijn gemarkeerd als gecontroleerd.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS if count else messages.WARNING)
        skipped = [service.name for service in services if str(service.pk) not in ticked]
        if skipped:
            self.message_user(
                request,
                _("Niet aangevinkt, dus niet gemarkeerd: %(names)s.")
                % {"names": ", ".join(skipped)},
                messages.WARNING,
            )
        return None

    def get_ordering(self, request):
        """The list of services to verify: the oldest check first, never checked at the top."""
        if request.GET.get(NeedsVerificationFilter.parameter_name) == "ja":
            return [F("last_verified").asc(nulls_first=True), "name"]
        return super().get_ordering(request)

    @admin.action(description=_("Exporteer als CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        from staff.csv_export import services_csv

        filename, content_type, content = services_csv(queryset)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_urls(self):
        from staff.views import ServicePreviewView

        preview = ServicePreviewView.as_view(model_admin=self)
        return [
            path(
                "<int:pk>/voorbeeld/",
                self.admin_site.admin_view(preview),
                name="directory_service_preview",
            ),
            *super().get_urls(),
        ]

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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert in one transaction (the form locks the service row), restoring what the
        service owns too: contact channels, opening hours, places and translations."""
        with transaction.atomic():
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                version = Service.history.get(id=object_id, history_id=version_id)
                result = restore_owned_rows(
                    Service.objects.get(pk=object_id),
                    version,
                    reason=_("Teruggezet naar de versie van %(date)s")
                    % {"date": date_format(timezone.localtime(version.history_date), "j F Y H:i")},
                )
                if result.skipped:
                    self.message_user(
                        request,
                        _("Niet teruggezet (bestaat niet meer of botst): %(rows)s")
                        % {"rows": "; ".join(result.skipped)},
                        messages.WARNING,
                    )
        return response

    def history_view(self, request, object_id, extra_context=None):
        """The service's own history, then the changes to its contact details and places."""
        from staff.history import inline_changes

        context = {"inline_changes": inline_changes(object_id), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def view_on_site(self, obj):
        """Drafts have no public page yet: "Bekijk op site" opens the staff preview instead."""
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("admin:directory_service_preview", args=[obj.pk])
