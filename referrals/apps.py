from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def card_services(request) -> str:
    """The services on the visitor's card change public pages ("Staat op je kaart", the count in
    the menu): the page cache keeps one copy per set of services."""
    from referrals.session import CardState

    return ",".join(map(str, sorted(CardState.load(request.session).service_ids)))


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Doorverwijskaarten")

    def ready(self):
        from pagecache.hooks import vary_pages_on

        vary_pages_on("card", card_services)
