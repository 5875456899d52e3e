from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Sociale kaart")

    def ready(self):
        from config.database import plan_for_values
        from directory import signals  # noqa: F401 - connects the receivers
        from directory.models import Service

        # A search's best plan depends on its words: PostgreSQL plans it for them every time.
        plan_for_values(*(f'"{column}"' for column in Service.SEARCH_COLUMNS))
