"""The HSDS API: every path with or without its trailing slash (the same answer, no redirect);
any other path under /api/hsds/ is a JSON 404."""

from django.urls import re_path

from opendata.api import organizations, root, service_at_locations, services, taxonomies
from opendata.api.http import api_view, json_view, not_found
from pagecache.pages import cached_page

ID = r"(?P<{}>[^/]+)"
# The query parameters the API reads (opendata/api/params.py); others are dropped before caching.
PARAMETERS = frozenset(
    {
        "format",
        "full",
        "full_service",
        "minimal",
        "modified_after",
        "organization_id",
        "page",
        "parent_id",
        "per_page",
        "postcode",
        "proximity",
        "search",
        "taxonomy_id",
        "taxonomy_term_id",
        "top_only",
    }
)


def endpoint(pattern, view, name):
    """The same answer for everyone at any time of day, until the directory changes."""
    wrapped = api_view(cached_page(json_view(view), per_visitor=False, parameters=PARAMETERS))
    return re_path(rf"^{pattern}/?$" if pattern else r"^$", wrapped, name=name)


app_name = "opendata"

urlpatterns = [
    endpoint("", root.root, "root"),
    endpoint("openapi.json", root.openapi, "openapi"),
    endpoint("services", services.service_list, "service_list"),
    endpoint(r"services/" + ID.format("service_id"), services.service_detail, "service_detail"),
    endpoint("organizations", organizations.organization_list, "organization_list"),
    endpoint(
        r"organizations/" + ID.format("organization_id"),
        organizations.organization_detail,
        "organization_detail",
    ),
    endpoint("taxonomies", taxonomies.taxonomy_list, "taxonomy_list"),
    endpoint(
        r"taxonomies/" + ID.format("taxonomy_id"), taxonomies.taxonomy_detail, "taxonomy_detail"
    ),
    endpoint("taxonomy_terms", taxonomies.taxonomy_term_list, "taxonomy_term_list"),
    endpoint(
        r"taxonomy_terms/" + ID.format("term_id"),
        taxonomies.taxonomy_term_detail,
        "taxonomy_term_detail",
    ),
    endpoint(
        "service_at_locations",
        service_at_locations.service_at_location_list,
        "service_at_location_list",
    ),
    endpoint(
        r"service_at_locations/" + ID.format("link_id"),
        service_at_locations.service_at_location_detail,
        "service_at_location_detail",
    ),
    re_path(r"^.*$", not_found, name="not_found"),
]
