from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Medewerkers van de stad")

    def ready(self):
        from django.contrib import admin

        from staff.login import ThrottledAuthenticationForm
        from staff.stale import protect_admin_site

        admin.site.login_form = ThrottledAuthenticationForm

        # Every admin registered by now (admin.autodiscover ran in the admin app's ready()).
        protect_admin_site(admin.site)
