"""Rows edited inside the service, location and problem type forms."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from directory.models import (
    ContactChannel,
    OpeningHours,
    ProblemTypeTranslation,
    ServiceAtLocation,
    ServiceTranslation,
)
from staff.admin.scoping import ScopedInlineMixin


class ContactChannelInline(admin.TabularInline):
    model = ContactChannel
    extra = 0
    fields = ["kind", "value", "label", "hours", "position"]


class ServiceAtLocationInline(ScopedInlineMixin, admin.TabularInline):
    classes = ["collapse"]
    model = ServiceAtLocation
    scoped_choices = {"location": "locations"}
    extra = 0
    autocomplete_fields = ["location"]
    fields = ["location", "note"]


class OpeningHoursFormSet(BaseInlineFormSet):
    """Hours entered with a new service or location save with it, and overlapping periods on
    the same day and place are refused (Thursday 09–13 and 12–16)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance.pk is None:
            setattr(form.instance, self.fk.name, self.instance)  # saved before the hours
        return form

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and not form.errors
        ]
        for index, form in enumerate(kept):
            hours = form.instance
            for other in kept[:index]:
                if hours.opens_at and other.instance.opens_at and hours.overlaps(other.instance):
                    form.add_error(None, hours.overlap_message(other.instance))
                    break


class ServiceOpeningHoursInline(admin.TabularInline):
    classes = ["collapse"]
    model = OpeningHours
    formset = OpeningHoursFormSet
    fk_name = "service"
    extra = 0
    fields = ["weekday", "opens_at", "closes_at", "note"]
    verbose_name_plural = _("openingsuren van de dienst (als ze niet per locatie gelden)")


class LocationOpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    fk_name = "location"
    extra = 0
    fields = ["weekday", "opens_at", "closes_at", "note"]


class TranslationInlineForm(forms.ModelForm):
    """Refuses a second translation in a language already saved: an inline form leaves its
    parent out of the model's unique check, so otherwise the database would refuse it."""

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        parent_id = getattr(self.instance, f"{model.TRANSLATION_OF}_id")
        language = cleaned_data.get("language")
        if language and parent_id:
            others = model.objects.filter(
                **{f"{model.TRANSLATION_OF}_id": parent_id, "language": language}
            ).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("language", _("Er is al een vertaling in deze taal."))
        return cleaned_data


class ServiceTranslationInline(admin.StackedInline):
    """Texts for residents in another language; what is left empty shows in Dutch."""

    classes = ["collapse"]

    model = ServiceTranslation
    form = TranslationInlineForm
    extra = 0
    fields = ["language", "summary", "audience", "steps", "description"]
    verbose_name_plural = _("vertalingen (leeg laten: dan tonen we het Nederlands)")


class ProblemTypeTranslationInline(admin.StackedInline):
    model = ProblemTypeTranslation
    form = TranslationInlineForm
    extra = 0
    fields = ["language", "name", "resident_phrase", "description", "synonyms"]
    verbose_name_plural = _("vertalingen (leeg laten: dan tonen we het Nederlands)")
