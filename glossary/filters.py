import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.search import clean_query
from glossary.models import GlossaryTerm

MAX_QUERY_LENGTH = 80


class GlossarySearchField(forms.CharField):
    def to_python(self, value):
        return clean_query(super().to_python(value))[:MAX_QUERY_LENGTH].strip()


class GlossarySearchFilter(django_filters.CharFilter):
    field_class = GlossarySearchField


class GlossaryFilter(django_filters.FilterSet):
    q = GlossarySearchFilter(
        label=_("Zoek een woord"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"}
        ),
    )

    class Meta:
        model = GlossaryTerm
        fields = ["q"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
