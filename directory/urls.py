from functools import partial

from django.urls import path

from directory import views
from directory.filters import ServiceFilter
from directory.open_now import statuses_valid_until
from pagecache.pages import cached_page

# The query parameters these pages read: the filters, the page number and the home page's city.
PARAMETERS = frozenset(ServiceFilter.base_filters) | {"page", "stad"}
cached_page = partial(cached_page, parameters=PARAMETERS)
# Pages with service cards or a service say whether it is open now.
with_opening_statuses = partial(cached_page, valid_until=statuses_valid_until)

app_name = "directory"

urlpatterns = [
    path("", cached_page(views.HomeView.as_view()), name="home"),
    path("diensten/", with_opening_statuses(views.ServiceListView.as_view()), name="service_list"),
    path(
        "diensten/<slug:slug>/",
        with_opening_statuses(views.ServiceDetailView.as_view()),
        name="service_detail",
    ),
    path(
        "problemen/<slug:slug>/",
        with_opening_statuses(views.ProblemTypeDetailView.as_view()),
        name="problem_detail",
    ),
    path(
        "wijken/<slug:slug>/",
        with_opening_statuses(views.NeighbourhoodDetailView.as_view()),
        name="neighbourhood_detail",
    ),
]
