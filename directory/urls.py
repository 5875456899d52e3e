from django.urls import path

from directory import views
from pagecache.pages import cached_page

app_name = "directory"

urlpatterns = [
    path("", cached_page(views.HomeView.as_view(), by_minute=False), name="home"),
    path("diensten/", cached_page(views.ServiceListView.as_view()), name="service_list"),
    path(
        "diensten/<slug:slug>/",
        cached_page(views.ServiceDetailView.as_view()),
        name="service_detail",
    ),
    path(
        "problemen/<slug:slug>/",
        cached_page(views.ProblemTypeDetailView.as_view()),
        name="problem_detail",
    ),
    path(
        "wijken/<slug:slug>/",
        cached_page(views.NeighbourhoodDetailView.as_view()),
        name="neighbourhood_detail",
    ),
]
