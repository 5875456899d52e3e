"""What every API answer shares: JSON (errors too), CORS for any site, conditional GET, gzip.

`api_view` wraps the whole endpoint, outside the page cache; `json_view` wraps the view inside
it, so that the ETag and Last-Modified are stored with the cached answer.
"""

import functools
import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# Staff edits show at once in the page cache; clients and proxies may reuse an answer for a
# minute and then ask again with If-None-Match (a 304 costs no query on a cache hit).
CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=60"
_gzip = GZipMiddleware(lambda request: None)


class ApiError(Exception):
    def __init__(self, message, status=400, parameter=None):
        super().__init__(message)
        self.message, self.status, self.parameter = message, status, parameter


def error_response(message, status, parameter=None) -> JsonResponse:
    data = {"error": message, "status": status}
    if parameter:
        data["parameter"] = parameter
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def json_response(data, status=200) -> HttpResponse:
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(content, status=status, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    return response


def json_view(view):
    """The view returns plain data (or a response) or raises ApiError; answers JSON."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            data = view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error.message, error.status, error.parameter)
        response = data if isinstance(data, HttpResponseBase) else json_response(data)
        if not response.streaming:
            response["Last-Modified"] = http_date()
        return response

    return wrapper


def _with_api_headers(request, response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    if response.status_code == 200 and not response.has_header("Cache-Control"):
        response["Cache-Control"] = CACHE_CONTROL
    if response.status_code == 200 and request.method in {"GET", "HEAD"}:
        modified = response.get("Last-Modified")
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(modified) if modified else None,
            response=response,
        )
        if conditional is not response:
            for name in ("Access-Control-Allow-Origin", "Cache-Control", "Vary"):
                if response.has_header(name):
                    conditional[name] = response[name]
            return conditional
    if response.streaming or len(getattr(response, "content", b"")) >= 200:
        response = _gzip.process_response(request, response)
    else:
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def api_view(view):
    """CORS preflight, JSON 405 for other methods, then the view's answer with the API headers."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Encoding, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED_METHODS
        elif request.method not in {"GET", "HEAD"}:
            response = error_response(_("Deze API is alleen-lezen: gebruik GET."), status=405)
            response["Allow"] = ALLOWED_METHODS
        else:
            response = view(request, *args, **kwargs)
        return _with_api_headers(request, response)

    return wrapper


@api_view
def not_found(request, *args, **kwargs):
    return error_response(_("Deze API-pagina bestaat niet."), status=404)
