"""The admin of the directory models: scoped per city, with history and revert."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from directory.models import (
    AgeGroup,
    City,
    Closure,
    ContactChannel,
    Language,
    Location,
    Neighbourhood,
    OpeningHours,
    Organization,
    ProblemType,
    ProblemTypeTranslation,
    ReferrerType,
    ServiceAtLocation,
    ServiceTranslation,
)
from staff.admin.inlines import LocationOpeningHoursInline, ProblemTypeTranslationInline
from staff.admin.linked_rows import RelatedNamesAdminMixin
from staff.admin.scoping import ScopedAdminMixin
from staff.admin.slugs import AutoSlugAdminMixin


@admin.register(Organization)
class OrganizationAdmin(AutoSlugAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    scope_filter = "organizations"
    scope_viewing = False  # shared by all cities; editors change only their own
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "website"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ProblemType)
class ProblemTypeAdmin(AutoSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "resident_phrase", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    list_editable = ["position"]
    search_fields = [
        "name",
        "resident_phrase",
        "synonyms",
        "description",
        "translations__name",
        "translations__synonyms",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [ProblemTypeTranslationInline]


@admin.register(City)
class CityAdmin(AutoSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(AutoSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "city", "kind"]
    list_filter = ["city", "kind"]
    list_select_related = ["city"]
    search_fields = ["name", "city__name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Location)
class LocationAdmin(
    AutoSlugAdminMixin, RelatedNamesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
    scope_filter = "locations"
    list_display = ["name", "address", "postcode", "city", "neighbourhood", "organization"]
    list_filter = ["city", ("neighbourhood", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["city", "neighbourhood__city", "organization"]
    list_only = (
        "name",
        "address",
        "postcode",
        "city",
        "city__name",
        "organization__name",
        "neighbourhood__name",
        "neighbourhood__city__name",
    )
    search_fields = ["name", "address", "postcode", "city__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization", "neighbourhood"]
    inlines = [LocationOpeningHoursInline]

    def scope_error(self, scope, cleaned_data):
        city, organization = cleaned_data.get("city"), cleaned_data.get("organization")
        if (city and city.pk in scope.city_ids) or (
            organization and organization.pk in scope.organization_ids
        ):
            return None
        return _("Kies een van je eigen steden, of een organisatie die je mag beheren.")


@admin.register(ContactChannel)
class ContactChannelAdmin(RelatedNamesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    scope_filter = "by_service"
    scoped_choices = {"service": "services"}
    list_display = ["value", "kind", "label", "service"]
    list_filter = ["kind"]
    list_select_related = ["service"]
    ordering = ["-pk"]  # newest first, as Django orders a model without an order
    list_only = ("value", "kind", "label", "service__name")
    search_fields = ["value", "label", "service__name"]
    autocomplete_fields = ["service"]


class OpeningHoursForm(forms.ModelForm):
    """Refuses a period that overlaps with saved hours of the same place on the same day."""

    class Meta:
        model = OpeningHours
        fields = ["service", "location", "weekday", "opens_at", "closes_at", "note"]

    def clean(self):
        cleaned_data = super().clean()
        names = ["service", "location", "weekday", "opens_at", "closes_at"]
        if all(cleaned_data.get(name) is not None for name in names[2:]):
            hours = OpeningHours(**{name: cleaned_data.get(name) for name in names})
            saved = OpeningHours.objects.filter(
                service=hours.service, location=hours.location, weekday=hours.weekday
            ).exclude(pk=self.instance.pk)
            for other in saved:
                if hours.overlaps(other):
                    raise forms.ValidationError(hours.overlap_message(other))
        return cleaned_data


@admin.register(OpeningHours)
class OpeningHoursAdmin(RelatedNamesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    form = OpeningHoursForm
    scope_filter = "opening_hours"
    scoped_choices = {"service": "services", "location": "locations"}
    list_display = ["__str__", "service", "location", "note"]
    list_filter = ["weekday"]
    list_select_related = ["service", "location__city"]
    ordering = ["-pk"]  # newest first, as Django orders a model without an order
    list_only = (
        "weekday",
        "opens_at",
        "closes_at",
        "note",
        "service__name",
        "location__name",
        "location__city__name",
    )
    search_fields = ["service__name", "location__name"]
    autocomplete_fields = ["service", "location"]


@admin.register(ServiceAtLocation)
class ServiceAtLocationAdmin(RelatedNamesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    scope_filter = "by_service"
    scoped_choices = {"service": "services", "location": "locations"}
    list_display = ["service", "location", "note"]
    list_select_related = ["service", "location__city"]
    ordering = ["-pk"]  # newest first, as Django orders a model without an order
    list_only = ("note", "service__name", "location__name", "location__city__name")
    search_fields = ["service__name", "location__name"]
    autocomplete_fields = ["service", "location"]


@admin.register(ServiceTranslation)
class ServiceTranslationAdmin(RelatedNamesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    scope_filter = "by_service"
    scoped_choices = {"service": "services"}
    list_display = ["service", "language", "summary"]
    list_filter = ["language"]
    list_select_related = ["service"]
    list_only = ("language", "summary", "service__name")
    search_fields = ["service__name", "summary", "audience", "steps", "description"]
    autocomplete_fields = ["service"]


@admin.register(ProblemTypeTranslation)
class ProblemTypeTranslationAdmin(admin.ModelAdmin):
    list_display = ["problem_type", "language", "name", "resident_phrase"]
    list_filter = ["language"]
    list_select_related = ["problem_type"]
    search_fields = ["problem_type__name", "name", "resident_phrase", "synonyms"]
    autocomplete_fields = ["problem_type"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(AgeGroup)
class AgeGroupAdmin(AutoSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "min_age", "max_age"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ReferrerType)
class ReferrerTypeAdmin(AutoSlugAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Closure)
class ClosureAdmin(RelatedNamesAdminMixin, admin.ModelAdmin):
    list_display = ["reason", "start_date", "end_date", "service", "location"]
    list_filter = ["start_date"]
    list_select_related = ["service", "location__city"]
    list_only = (
        "reason",
        "start_date",
        "end_date",
        "service__name",
        "location__name",
        "location__city__name",
    )
    search_fields = ["reason", "service__name", "location__name"]
    autocomplete_fields = ["service", "location"]
    date_hierarchy = "start_date"
