import math
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from config.inputs import parse_int
from directory import demand
from directory.choices import DirectoryChoices
from directory.filters import ServiceFilter, clean_value
from directory.listing import Selection, count_up_to, listed_services
from directory.models import Neighbourhood, ProblemType, Service
from directory.search import RESULT_CAP
from directory.search.help import attach_found_via, search_help
from directory.service_page import service_for_page

PAGE_SIZE = 20
# Lists count at most this many services (and one more, to know there are more): "meer dan 500
# diensten", never an exact count over tens of thousands of matches; deeper pages are not offered.
COUNT_CAP = RESULT_CAP


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, known_count: int | None = None):
        super().__init__(object_list, per_page)
        if known_count is not None:
            self.count = known_count

    @cached_property
    def count(self) -> int:
        return count_up_to(self.object_list, COUNT_CAP + 1)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP


def page_of(request, queryset, page_size: int = PAGE_SIZE) -> Page:
    """The requested page, clamped: no number, a wrong one or one below 1 gives the first page,
    one past the end gives the last page. The page is read with one row more, so a COUNT query
    is needed only when there are more rows after it and the rows do not carry their count
    (``search_result_count``, directory.search.ranking), or when the number is past the end."""
    number = max(parse_int(clean_value(request.GET.get("page", "")).strip()) or 1, 1)
    number = min(number, math.ceil((COUNT_CAP + 1) / page_size))  # deeper pages are not offered
    start = (number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    if rows or number == 1:
        if len(rows) <= page_size:
            known = start + len(rows)
        else:
            known = getattr(rows[0], "search_result_count", None)
        paginator = CappedPaginator(queryset, page_size, known_count=known)
        return Page(rows[:page_size], number, paginator)
    paginator = CappedPaginator(queryset, page_size)
    return paginator.page(paginator.num_pages)


class CityChoiceMixin:
    """Reads the optional ?stad= that the home page passes on, with a message when unknown."""

    def get_city_choice(self, choices: DirectoryChoices):
        slug = clean_value(self.request.GET.get("stad", ""))
        if not slug:
            return None, []
        city = choices.city(slug)
        if city is None:
            return None, [
                _("We kennen de stad ‘%(name)s’ niet. We tonen hulp in alle steden.")
                % {"name": slug}
            ]
        return city, []


class HomeView(CityChoiceMixin, TemplateView):
    template_name = "directory/home.html"

    def get_context_data(self, **kwargs):
        choices = DirectoryChoices.current()
        city, notices = self.get_city_choice(choices)
        city_query = QueryDict(mutable=True)
        if city:
            city_query["stad"] = city.slug
        return super().get_context_data(
            problem_types=[p for p in choices.problem_types if p.parent_id is None],
            cities=choices.cities,
            city=city,
            city_query=city_query.urlencode(),
            notices=notices,
            **kwargs,
        )


class ServiceListView(FilterView):
    template_name = "directory/service_list.html"
    filterset_class = ServiceFilter

    def get_queryset(self):
        return Service.objects.published().active()

    def get(self, request, *args, **kwargs):
        """An invalid filter is reported on the page; the valid ones still apply. The services
        come from the filter's listing (SQL compiled once per shape, directory.listing), not
        from FilterView's queryset: building it was a tenth of the page."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = self.filterset.listing()
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"] = page = page_of(self.request, self.object_list)
        if page.number == 1:
            self.count_demand(page.paginator.count)
        understanding = self.filterset.understanding
        attach_found_via(page.object_list, understanding)
        context["search_help"] = search_help(
            understanding,
            self.request.GET,
            self.filterset.choices.problem_types,
            page.paginator.count,
        )
        context["filter_chips"] = [chip for chip in self.filterset.chips if chip.name != "q"]
        context["browse_problem_types"] = [
            p for p in self.filterset.choices.problem_types if p.parent_id is None
        ]
        return context

    def count_demand(self, result_count: int):
        """Signals for policy: what people look for, and where too little help turns up."""
        chosen = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        city, neighbourhood = chosen.get("stad") or "", chosen.get("wijk") or ""
        if chosen.get("q"):
            demand.searched.send(
                sender=type(self),
                request=self.request,
                query=chosen["q"],
                result_count=result_count,
                city=city,
            )
        if chosen.get("probleem"):
            demand.problem_viewed.send(
                sender=type(self),
                request=self.request,
                problem_slug=chosen["probleem"],
                result_count=result_count,
                city=city,
                neighbourhood=neighbourhood,
            )


class ServiceDetailView(DetailView):
    template_name = "directory/service_detail.html"
    context_object_name = "service"

    def get_object(self, queryset=None):
        service = self.read_service()
        if service is None:
            raise Http404("No published service has this slug.")
        return service

    def read_service(self) -> Service | None:
        """The published service of the URL with its opening status, in two round trips
        from SQL built once (directory.service_page)."""
        return service_for_page(self.kwargs["slug"])


class ProblemTypeDetailView(CityChoiceMixin, DetailView):
    template_name = "directory/problem_detail.html"
    context_object_name = "problem"

    def get_queryset(self):
        return ProblemType.objects.select_related("parent").translated()

    def get_context_data(self, **kwargs):
        choices = DirectoryChoices.current()
        city, notices = self.get_city_choice(choices)
        selection = Selection(
            problem_ids=tuple(sorted(choices.descendant_ids(self.object))),
            city_id=city.pk if city else None,
            by_centrality=True,
        )
        page = page_of(self.request, listed_services(selection))
        if page.number == 1:
            demand.problem_viewed.send(
                sender=type(self),
                request=self.request,
                problem_slug=self.object.slug,
                result_count=page.paginator.count,
                city=city.slug if city else "",
            )
        return super().get_context_data(
            city=city,
            cities=choices.cities,
            notices=notices,
            page_obj=page,
            **kwargs,
        )


class NeighbourhoodDetailView(DetailView):
    template_name = "directory/neighbourhood_detail.html"
    context_object_name = "neighbourhood"
    queryset = Neighbourhood.objects.select_related("city")

    def get_context_data(self, **kwargs):
        services = (
            Service.objects.published()
            .active()
            .in_neighbourhood(self.object)
            .with_card_data()
            .by_closeness(self.object)
        )
        return super().get_context_data(page_obj=page_of(self.request, services), **kwargs)
