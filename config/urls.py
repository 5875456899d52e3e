from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.views import healthcheck

admin.site.site_header = _("Wegwijs – beheer")
admin.site.site_title = _("Wegwijs beheer")
admin.site.index_title = _("Sociale kaart beheren")

urlpatterns = [
    path(settings.ADMIN_URL_PREFIX, admin.site.urls),
    path("gezond/", healthcheck, name="healthcheck"),
    path("doorverwijskaart/", include("referrals.urls")),
    path("", include("glossary.urls")),
    path("", include("selection.urls")),
    path("", include("embed.urls")),
    path("api/hsds/", include("opendata.urls")),
    path("", include("feedback.urls")),
    path("", include("directory.urls")),
]

handler500 = "config.views.server_error"
