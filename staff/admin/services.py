"""The service form: scoped per city, folded, with history, revert and verification."""

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from directory.models import Service
from staff.admin.inlines import (
    ContactChannelInline,
    ServiceAtLocationInline,
    ServiceOpeningHoursInline,
    ServiceTranslationInline,
)
from staff.admin.scoping import ScopedAdminMixin
from staff.admin.service_actions import ServiceActionsMixin
from staff.admin.service_history import ServiceHistoryMixin
from staff.admin.service_list import NeedsVerificationFilter, ServiceListMixin, ToCompleteFilter
from staff.admin.slugs import AutoSlugAdminMixin
from staff.admin.widgets import problem_type_tree
from staff.forms import ServiceAdminForm


@admin.register(Service)
class ServiceAdmin(
    ServiceListMixin,
    ServiceActionsMixin,
    ServiceHistoryMixin,
    AutoSlugAdminMixin,
    ScopedAdminMixin,
    SimpleHistoryAdmin,
):
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

    def view_on_site(self, obj):
        """Drafts have no public page yet: "Bekijk op site" opens the staff preview instead."""
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse("admin:directory_service_preview", args=[obj.pk])
