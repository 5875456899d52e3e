from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data (HSDS)")

    def ready(self):
        from opendata import signals

        signals.connect()
