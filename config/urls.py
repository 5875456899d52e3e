from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.views import healthcheck

admin.site.site_header = _("Wegwijs – beheer")
admin.site.site_title = _("Wegwijs beheer")
admin.site.index_title = _("Sociale kaart beheren")

# Staff, machines and load balancers: unprefixed and always Dutch.
urlpatterns = [
    path(settings.ADMIN_URL_PREFIX, admin.site.urls),
    path("gezond/", healthcheck, name="healthcheck"),
    path("api/hsds/", include("opendata.urls")),
]

# Resident pages: Dutch without prefix (/diensten/), the other languages with one (/fr/diensten/).
urlpatterns += i18n_patterns(
    path("doorverwijskaart/", include("referrals.urls")),
    path("", include("glossary.urls")),
    path("", include("selection.urls")),
    path("", include("embed.urls")),
    path("", include("feedback.urls")),
    path("", include("directory.urls")),
    prefix_default_language=False,
)

handler500 = "config.views.server_error"
# Inside the admin: a Dutch page with the reason and a way back (staff assembles the admin).
handler403 = "staff.views.permission_denied"
