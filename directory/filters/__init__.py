"""The filters of the service list (/diensten/), built so that any input gives a clear page.

Every value is cleaned before validation (no control characters, bounded length) and checked
against choices loaded once per request, so unknown slugs or wrong types become a Dutch message
on the page and never reach the database. The valid choices become a directory.listing.Selection,
which makes the list's query. Its fields are in directory.filters.fields, the chips that show
the filters in use in directory.filters.chips.
"""

from collections.abc import Callable
from functools import cached_property

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from directory import opening
from directory.choices import DirectoryChoices
from directory.filters.chips import Chip, chips_of
from directory.filters.fields import (
    MAX_RENDERED_CHOICES,
    MAX_VALUE_LENGTH,
    AgeFilter,
    FlagFilter,
    LocalizedSelect,
    NearFilter,
    RenderedOnce,
    SearchFilter,
    Select,
    clean_value,
)
from directory.listing import Selection, listed_services
from directory.models import Service
from directory.models.service_queries import TICK_BOXES
from directory.search import MAX_QUERY_LENGTH, understand
from directory.search.ranking import SearchTerms

__all__ = ["ServiceFilter", "clean_value"]


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
        return chips_of(self.form, self.data) if self.is_bound else []
