from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("diensten/", views.ServiceListView.as_view(), name="service_list"),
    path("diensten/<slug:slug>/", views.ServiceDetailView.as_view(), name="service_detail"),
    path("problemen/<slug:slug>/", views.ProblemTypeDetailView.as_view(), name="problem_detail"),
    path(
        "wijken/<slug:slug>/", views.NeighbourhoodDetailView.as_view(), name="neighbourhood_detail"
    ),
]
