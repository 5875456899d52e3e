from itertools import groupby

from django_filters.views import FilterView

from glossary.filters import GlossaryFilter
from glossary.models import GlossaryTerm


class GlossaryView(FilterView):
    """/woordenboek/: every published term, alphabetical, grouped by first letter."""

    template_name = "glossary/index.html"
    filterset_class = GlossaryFilter
    strict = False

    def get_queryset(self):
        return GlossaryTerm.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = list(self.object_list)
        context["terms"] = terms
        context["letters"] = [
            (letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.initial)
        ]
        return context
