"""`/`: which HSDS version this API serves, and where its description is."""

from pathlib import Path

from django.http import HttpResponse
from django.urls import reverse

OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"
PROFILE = "https://docs.openreferral.org/en/3.0/hsds/"


def root(request):
    return {
        "version": "3.0",
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("opendata:openapi")),
    }


def openapi(request):
    """The HSDS 3.0 API description (Open Referral, CC BY-SA 4.0) this API implements."""
    response = HttpResponse(OPENAPI_FILE.read_bytes(), content_type="application/json")
    return response
