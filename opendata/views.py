"""Read-only HSDS 3.0 API: published services, their organisations and the problem types.

Paged like Open Referral's HSDA: `page` (from 1) and `per_page` (1 to 100), answered with
total_items, total_pages, page_number, size, first_page, last_page, empty and contents.
Bad parameters give a 400 with a JSON message, never a 500.
"""

import functools
import math
import uuid

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.inputs import parse_int
from directory.models import Organization, ProblemType, Service
from directory.search import MAX_QUERY_LENGTH
from opendata import hsds

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
MAX_SEARCH_LENGTH = MAX_QUERY_LENGTH


class ApiError(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def json_api(view):
    """Answers ApiError as JSON, and lets any site read this open data (no cookies involved)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            data = view(request, *args, **kwargs)
            response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        except ApiError as error:
            response = JsonResponse({"error": error.message}, status=error.status)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return require_safe(wrapper)


def _positive_int(request, name, default, maximum):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    number = parse_int(raw, minimum=1, maximum=maximum)
    if number is None:
        raise ApiError(
            _("%(name)s moet een geheel getal van 1 tot %(max)d zijn.")
            % {"name": name, "max": maximum}
        )
    return number


def _uuid(raw, name, status=400):
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ApiError(_("%(name)s is geen geldige UUID.") % {"name": name}, status) from None


def paged(request, queryset, serialize, load=None):
    """One HSDA page of `queryset`: one query for the rows and, unless they end on this page, a
    count query; then `load(rows)` when given, and `serialize` of each row."""
    page = _positive_int(request, "page", 1, MAX_PAGE)
    per_page = _positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page])
    ends_here = len(rows) < per_page and (rows or start == 0)
    total = start + len(rows) if ends_here else queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    if load is not None:
        load(rows)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(rows),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not rows,
        "contents": [serialize(row) for row in rows],
    }


@json_api
def service_list(request):
    services = Service.objects.published()
    term_id = request.GET.get("taxonomy_term_id", "")
    if term_id:
        problem = ProblemType.objects.filter(uuid=_uuid(term_id, "taxonomy_term_id")).first()
        services = services.for_problem(problem) if problem else services.none()
    search = request.GET.get("search", "").strip()
    if len(search) > MAX_SEARCH_LENGTH:
        raise ApiError(
            _("search mag ten hoogste %(max)d tekens lang zijn.") % {"max": MAX_SEARCH_LENGTH}
        )
    # The resident pages' search: Dutch stemming and typos, best match first.
    services = services.search(search) if search else services.order_by("name", "uuid")
    return paged(request, hsds.service_queryset(services), hsds.service, hsds.load_services)


@json_api
def service_detail(request, service_id):
    services = hsds.service_queryset(Service.objects.published())
    item = services.filter(uuid=_uuid(service_id, "id", status=404)).first()
    if item is None:
        raise ApiError(_("Deze dienst bestaat niet of is niet gepubliceerd."), status=404)
    hsds.load_services([item])
    return hsds.service(item)


@json_api
def organization_list(request):
    organizations = Organization.objects.with_published_services().order_by("name")
    return paged(request, organizations, hsds.organization)


@json_api
def taxonomy_term_list(request):
    problems = ProblemType.objects.select_related("parent").order_by("name")
    return paged(request, problems, hsds.taxonomy_term)
