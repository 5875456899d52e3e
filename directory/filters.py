"""The filters of the service list (/diensten/), built so that any input gives a clear page.

Every value is cleaned before validation (no control characters, bounded length) and checked
against choices loaded once per request, so unknown slugs or wrong types become a Dutch message
on the page and never reach the database. The valid choices become a directory.listing.Selection,
which makes the list's query.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from directory import opening
from directory.choices import DirectoryChoices
from directory.distance import place_for
from directory.listing import Selection, listed_services
from directory.models import Service
from directory.models.service_queries import TICK_BOXES
from directory.search import MAX_QUERY_LENGTH, clean_query, understand
from directory.search.ranking import SearchTerms
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


@dataclass
class Chip:
    """One active filter, shown as a link that removes it."""

    label: str
    remove_query: str
    name: str = ""


class ServiceFilter(django_filters.FilterSet):
    q = SearchFilter(
        label=_("Zoek met je eigen woorden"),
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"}
        ),
    )
    probleem = django_filters.ChoiceFilter(
        label=_("Waarmee wil je hulp?"),
        empty_label=_("Alle problemen"),
        widget=LocalizedSelect,
        error_messages={"invalid_choice": _("We kennen het probleem ‘%(value)s’ niet.")},
    )
    stad = django_filters.ChoiceFilter(
        label=_("Stad"),
        empty_label=_("Alle steden"),
        widget=Select,
        error_messages={"invalid_choice": _("We kennen de stad ‘%(value)s’ niet.")},
    )
    wijk = django_filters.ChoiceFilter(
        label=_("Wijk of deelgemeente"),
        empty_label=_("Alle wijken"),
        widget=Select,
        error_messages={"invalid_choice": _("We kennen de wijk ‘%(value)s’ niet.")},
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort hulp"),
        field_name="kind",
        choices=Service.Kind.choices,
        empty_label=_("Alle soorten hulp"),
        widget=Select,
        error_messages={"invalid_choice": _("We kennen de soort hulp ‘%(value)s’ niet.")},
    )
    leeftijd = AgeFilter(
        label=_("Je leeftijd"),
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Vul je leeftijd in met cijfers, bijvoorbeeld 34."),
            "min_value": _("Vul een leeftijd in tussen 0 en 120."),
            "max_value": _("Vul een leeftijd in tussen 0 en 120."),
        },
    )
    taal = django_filters.ChoiceFilter(
        label=_("Taal"),
        empty_label=_("Alle talen"),
        widget=Select,
        error_messages={"invalid_choice": _("We kennen de taal ‘%(value)s’ niet.")},
    )
    gratis = FlagFilter(label=_("Gratis"))
    zonder_doorverwijzing = FlagFilter(label=_("Zonder doorverwijzing"))
    tolk = FlagFilter(label=_("Met tolk"))
    huisbezoek = FlagFilter(label=_("Huisbezoek mogelijk"))
    open_nu = FlagFilter(label=_("Nu open"))
    dichtbij = NearFilter(
        label=_("Dichtbij eerst: je postcode"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "maxlength": 4, "autocomplete": "postal-code"}
        ),
    )

    def __init__(self, data=None, *args, choices: DirectoryChoices | None = None, **kwargs):
        self.choices = choices or DirectoryChoices.current()
        self._input_notices: list[str] = []
        self.understanding = None  # of the search words, once filtered (directory.search)
        self._selection: Selection | None = None
        super().__init__(self._clean_data(data), *args, **kwargs)
        choices = self.choices
        self.filters["probleem"].extra["choices"] = choices.problem_type_choices
        self.filters["stad"].extra["choices"] = lambda: [
            (city.slug, city.name) for city in choices.cities
        ]
        self.filters["wijk"].extra["choices"] = choices.neighbourhood_choices
        self.filters["taal"].extra["choices"] = lambda: [
            (language.code, language.name) for language in choices.languages
        ]

    def get_form_class(self):
        """The form's class with its fields, made once per set of choices (the active
        language's, until the data change): making the thirteen fields was a third of a
        millisecond of every list page. Each form deep-copies its fields, as any Django form
        does, so what one request changes in them (the neighbourhood list) stays its own."""
        kept = self.choices.filter_form_classes
        form_class = kept.get(type(self))
        if form_class is None:
            form_class = kept[type(self)] = super().get_form_class()
        return form_class

    @property
    def form(self):
        """The filter form, its neighbourhood list limited as neighbourhood_choices_shown says
        (any neighbourhood is still accepted, e.g. from a link on a neighbourhood page)."""
        if not hasattr(self, "_form"):
            form = super().form
            data = self.data or {}
            field = form.fields["wijk"]
            shown = self.choices.neighbourhood_choices_shown(
                data.get("stad", ""), data.get("wijk", "")
            )
            field.widget.choices = [("", field.empty_label), *shown]
            field.widget.variant = (len(shown), data.get("stad", ""))
            if not shown:
                field.help_text = _("Kies eerst een stad. Dan zie je hier haar wijken.")
            for each in form.fields.values():
                if isinstance(each.widget, RenderedOnce):
                    each.widget.rendered = self.choices.rendered_widgets
        return self._form

    def shown_choices(self, render: Callable[[], str]) -> str:
        """The form's choices (every field but the search words) as ``render()`` gives them,
        kept on the DirectoryChoices per language, chosen values and fields in error: the
        same for every search and every page with the same filters. Their fields and
        Django's templates were a tenth of a list page's time."""
        data = self.data or {}
        key = (
            translation.get_language(),
            tuple(sorted((n, value) for n, value in data.items() if n not in {"q", "page"})),
            tuple(sorted(name for name in self.errors if name != "q")),
        )
        kept = self.choices.rendered_filter_choices
        html = kept.get(key)
        if html is None:
            html = render()
            if len(kept) < MAX_RENDERED_CHOICES:
                kept[key] = html
        return html

    def _clean_data(self, data):
        """Keep only known parameters, one value each, without control characters."""
        if data is None:
            return None
        cleaned = QueryDict(mutable=True)
        for name in [*self.base_filters, "page"]:
            values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
            if not values or not values[0]:
                continue  # an empty form field means "no choice"
            raw = values[0]
            max_length = MAX_QUERY_LENGTH if name == "q" else MAX_VALUE_LENGTH
            if name == "q" and len(raw) > MAX_QUERY_LENGTH:
                self._input_notices.append(
                    _("Je zoekvraag was te lang. We zoeken met de eerste %(count)s tekens.")
                    % {"count": MAX_QUERY_LENGTH}
                )
            cleaned[name] = clean_value(raw, max_length)
        return cleaned

    def filter_queryset(self, queryset):
        return self.selection().applied_to(queryset)

    def listing(self):
        """The services to list, read through SQL compiled once per shape of request when it
        can be (directory.listing)."""
        return listed_services(self.selection())

    def selection(self) -> Selection:
        """The valid choices, resolved (directory.listing.Selection); sets ``understanding``."""
        if self._selection is not None:
            return self._selection
        data = {}
        if self.is_bound:
            self.form.is_valid()  # cleaned_data holds the valid fields even when others are not
            data = self.form.cleaned_data
        chosen = {n: v for n, v in data.items() if v is not None and v != "" and v is not False}
        selection = {"flags": tuple(name for name in chosen if name in TICK_BOXES)}
        if "soort" in chosen:
            selection["kind"] = chosen["soort"]
        if "probleem" in chosen:
            problem = self.choices.problem_type(chosen["probleem"])
            selection["problem_ids"] = tuple(sorted(self.choices.descendant_ids(problem)))
        if "stad" in chosen:
            selection["city_id"] = self.choices.city(chosen["stad"]).pk
        if "wijk" in chosen:
            neighbourhood = self.choices.neighbourhood(chosen["wijk"])
            selection["neighbourhood"] = (neighbourhood.pk, neighbourhood.city_id)
        if "leeftijd" in chosen:
            selection["age"] = chosen["leeftijd"]
        if "taal" in chosen:
            language = self.choices.language(chosen["taal"])
            selection["language"] = (language.pk, language.code, language.name)
        if "open_nu" in chosen:
            selection["open_at"] = opening.brussels_now()
        if "q" in chosen:
            self.understanding = understand(chosen["q"])
            selection["search"] = SearchTerms.of(self.understanding)
        if "dichtbij" in chosen:
            selection["near"] = chosen["dichtbij"]
        self._selection = Selection(**selection)
        return self._selection

    @property
    def notices(self) -> list[str]:
        """What went wrong with the input, in plain Dutch; the rest of the filters still apply."""
        errors = [message for field_errors in self.errors.values() for message in field_errors]
        return [*self._input_notices, *errors]

    @cached_property
    def chips(self) -> list[Chip]:
        """Each filter in use, with the query string that shows the list without it (made once:
        the page and its "no results" help both show them)."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # cleaned_data holds the valid fields even when others are not
        kept = [(key, values) for key, values in self.data.lists() if key != "page"]
        chips = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "") or name in self.form.errors:
                continue
            remaining = [(key, each) for key, values in kept if key != name for each in values]
            chips.append(
                Chip(
                    label=self._chip_label(name, value),
                    remove_query=urlencode(remaining),
                    name=name,
                )
            )
        return chips

    def _chip_label(self, name: str, value) -> str:
        field = self.form.fields[name]
        if isinstance(field, FlagField):
            return str(field.label)
        if name == "q":
            return _("Zoekwoorden: %(words)s") % {"words": value}
        if isinstance(field, forms.ChoiceField):
            shown = dict(_flatten(field.choices)).get(value, value)
            return f"{field.label}: {str(shown).lstrip('– ')}"
        return f"{field.label}: {value}"


def _flatten(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label
