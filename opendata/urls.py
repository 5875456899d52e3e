from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("services/", views.service_list, name="service_list"),
    path("services/<str:service_id>/", views.service_detail, name="service_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("taxonomy_terms/", views.taxonomy_term_list, name="taxonomy_term_list"),
]
