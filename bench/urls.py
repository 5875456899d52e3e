from django.http import HttpResponse
from django.urls import path

from config.urls import handler403, handler500  # noqa: F401  (the site's error pages)
from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    """The cheapest Django response: the baseline that real pages are compared with."""
    return HttpResponse(b"ok", content_type="text/plain")


# Spliced in, not include()d: Django refuses i18n_patterns in an included URLconf.
urlpatterns = [path("__bench__/bare/", bare), *site_urlpatterns]
