from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Signalen")

    def ready(self):
        from insights import receivers  # noqa: F401 - connects to the directory's demand signals
        from insights.models import page_counters, record_many
        from pagecache.hooks import replay_with_page

        # A page served from the cache is a page view too: its counters count again.
        replay_with_page(
            "insights", collect=page_counters, replay=lambda request, c: record_many(c)
        )
