from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The cheapest Django response: the baseline that real pages are compared with."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/bare/", bare),
    path("", include("config.urls")),
]
