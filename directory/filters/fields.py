"""The filter form's widgets, fields and filters: values cleaned before validation, tick boxes
that refuse odd values with a message, postcodes we know, and widgets rendered once per set of
choices (directory.choices.DirectoryChoices)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.distance import place_for
from directory.search import clean_query
from directory.templatetags.localized import language_attributes

MAX_VALUE_LENGTH = 80
TRUE_VALUES = {"ja", "1", "true", "on"}
_CONTROL_CHARACTERS = dict.fromkeys([*range(32), 127])


def clean_value(value: str, max_length: int = MAX_VALUE_LENGTH) -> str:
    """A query parameter without control characters (NUL bytes included), at most max_length."""
    return value.translate(_CONTROL_CHARACTERS).strip()[:max_length]


# At most this many rendered widgets are kept per DirectoryChoices (per language and process):
# enough for every city, neighbourhood, problem type and language chosen, and a bound on what
# odd input (unknown slugs) can add.
MAX_RENDERED_WIDGETS = 2000
# The filter form's choices as HTML, kept per set of chosen values (ServiceFilter.shown_choices):
# the few combinations residents use, and a bound on what odd input (ages, postcodes) can add.
MAX_RENDERED_CHOICES = 200


class RenderedOnce:
    """A widget mixin: the HTML for one name, value and set of attributes is rendered once and
    kept in ``rendered``, the dict of the DirectoryChoices it was built from (ServiceFilter.form
    sets it), so it lives while the choices stay the same. Rendering the 13 widgets of the
    filter form through Django's widget templates was a sixth of a list page's time.
    ``variant`` names whatever else the HTML depends on (the neighbourhoods shown)."""

    rendered: dict | None = None
    variant: tuple = ()

    def render(self, name, value, attrs=None, renderer=None):
        if self.rendered is None or not isinstance(value, str | int | bool | None):
            return super().render(name, value, attrs, renderer)
        key = (name, value, tuple(sorted((attrs or {}).items())), self.variant)
        html = self.rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self.rendered) < MAX_RENDERED_WIDGETS:
                self.rendered[key] = html
        return html


class Select(RenderedOnce, forms.Select):
    pass


class LocalizedSelect(RenderedOnce, forms.Select):
    """A select whose options marked as another language (a Dutch fallback) say so: lang="nl"."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        lang = getattr(label, "lang", None)
        if language_attributes(lang):
            option["attrs"]["lang"] = lang
        return option


class FlagInput(RenderedOnce, forms.CheckboxInput):
    """A checkbox that sends "ja" and hands the raw value to the field, so that a value like
    "banana" can be refused with a message instead of silently counting as ticked."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: str(value).lower() in TRUE_VALUES)

    def format_value(self, value):
        return "ja"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    widget = FlagInput
    default_error_messages = {
        "invalid": _("We begrijpen ‘%(value)s’ niet bij ‘%(label)s’. Vink het vakje aan of niet."),
    }

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() in TRUE_VALUES:
            return True
        raise forms.ValidationError(
            self.error_messages["invalid"],
            code="invalid",
            params={"value": value, "label": self.label},
        )


class FlagFilter(django_filters.Filter):
    """A tick box: what it keeps is in ServiceQuerySet.meeting ("open_nu" is a moment)."""

    field_class = FlagField


class PostcodeField(forms.CharField):
    """A postcode we know the centre of, as a directory.distance.Place."""

    default_error_messages = {
        "unknown": _(
            "We kennen de postcode ‘%(value)s’ niet. Vul een postcode van Aalst of Gent in, "
            "bijvoorbeeld 9000."
        ),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        place = place_for(value)
        if place is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        return place


class NearFilter(django_filters.Filter):
    """A postcode to sort by distance from (after the search's ranking: directory.listing)."""

    field_class = PostcodeField


class SearchField(forms.CharField):
    def to_python(self, value):
        return clean_query(super().to_python(value))


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class AgeFilter(django_filters.Filter):
    field_class = forms.IntegerField
