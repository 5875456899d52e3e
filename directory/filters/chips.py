"""The chips above the list: each filter in use, with a link that removes it."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.filters.fields import FlagField


@dataclass
class Chip:
    """One active filter, shown as a link that removes it."""

    label: str
    remove_query: str
    name: str = ""


def chips_of(form, data) -> list[Chip]:
    """The chips of a bound filter ``form`` for its ``data`` (a QueryDict), in the form's order."""
    form.is_valid()  # cleaned_data holds the valid fields even when others are not
    kept = [(key, values) for key, values in data.lists() if key != "page"]
    chips = []
    for name, value in form.cleaned_data.items():
        if value in (None, "") or name in form.errors:
            continue
        remaining = [(key, each) for key, values in kept if key != name for each in values]
        chips.append(
            Chip(
                label=_chip_label(form.fields[name], name, value),
                remove_query=urlencode(remaining),
                name=name,
            )
        )
    return chips


def _chip_label(field, name: str, value) -> str:
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
