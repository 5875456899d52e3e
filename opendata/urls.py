from django.urls import path

from opendata import views
from pagecache.pages import cached_page

# The query parameters the API reads (opendata/views.py); others are dropped before caching.
PARAMETERS = frozenset({"page", "per_page", "taxonomy_term_id", "search"})


def cached(view):
    """The same answer for everyone at any time of day, until the directory changes."""
    return cached_page(view, per_visitor=False, parameters=PARAMETERS)


app_name = "opendata"

urlpatterns = [
    path("services/", cached(views.service_list), name="service_list"),
    path("services/<str:service_id>/", cached(views.service_detail), name="service_detail"),
    path("organizations/", cached(views.organization_list), name="organization_list"),
    path("taxonomy_terms/", cached(views.taxonomy_term_list), name="taxonomy_term_list"),
]
