"""The monthly list of entries to verify, per city, ready to paste into (or pipe to) a mail."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import City, Neighbourhood, Service, months_before


def stale_by_city(services) -> dict[str, list[Service]]:
    """City name -> its services; a service serving several cities is listed under each."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        cities = {city.name for city in service.serves_cities.all()}
        cities |= {part.city.name for part in service.serves_neighbourhoods.all()}
        for name in sorted(cities) or [_("Zonder stad")]:
            groups.setdefault(name, []).append(service)
    return dict(sorted(groups.items()))


class Command(BaseCommand):
    help = (
        "List the services nobody verified in the last "
        f"{Service.VERIFY_EVERY_MONTHS} months (or ever), per city."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", help="only this city (its slug, e.g. aalst)")
        parser.add_argument(
            "--base-url",
            default="",
            help="put before the admin links, e.g. https://wegwijs.gent.be",
        )

    def handle(self, *args, city=None, base_url="", **options):
        services = (
            Service.objects.needs_verification()
            .active()  # an ended service needs no check
            .select_related("organization")
            .prefetch_related(
                "serves_cities",
                Prefetch("serves_neighbourhoods", Neighbourhood.objects.select_related("city")),
            )
            .order_by(F("last_verified").asc(nulls_first=True), "name")
        )
        if city:
            chosen = City.objects.filter(slug=city).first()
            if chosen is None:
                raise CommandError(f"Unknown city {city!r}.")
            services = services.in_city(chosen)
        services = services.filter(is_published=True)
        drafts = stale_by_city(
            Service.objects.to_complete()
            .select_related("organization")
            .prefetch_related(
                "serves_cities",
                Prefetch("serves_neighbourhoods", Neighbourhood.objects.select_related("city")),
            )
            .order_by("name")
        )
        groups = stale_by_city(services)
        if city:
            groups = {name: items for name, items in groups.items() if name == chosen.name}
            drafts = {name: items for name, items in drafts.items() if name == chosen.name}
        self._write_drafts(drafts, base_url)
        cutoff = months_before(timezone.localdate(), Service.VERIFY_EVERY_MONTHS)
        if not groups:
            self.stdout.write(_("Alles is geverifieerd sinds %s.") % f"{cutoff:%d-%m-%Y}")
            return
        for name, items in groups.items():
            self.stdout.write(
                _("%(city)s: %(count)d te verifiëren (niet sinds %(date)s)")
                % {"city": name, "count": len(items), "date": f"{cutoff:%d-%m-%Y}"}
            )
            for service in items:
                checked = (
                    f"{service.last_verified:%d-%m-%Y}" if service.last_verified else _("nooit")
                )
                line = _("laatst gecontroleerd: %s") % checked
                self.stdout.write(
                    f"- {service.name} ({service.organization}), {line}\n"
                    f"  {self._link(base_url, service)}"
                )
            self.stdout.write("")

    @staticmethod
    def _link(base_url, service):
        return base_url.rstrip("/") + reverse("admin:directory_service_change", args=[service.pk])

    def _write_drafts(self, drafts, base_url):
        """Drafts first: residents do not see them until someone completes them."""
        for name, items in drafts.items():
            self.stdout.write(
                _("%(city)s: %(count)d te vervolledigen (niet zichtbaar voor bewoners)")
                % {"city": name, "count": len(items)}
            )
            for service in items:
                self.stdout.write(
                    f"- {service.name} ({service.organization})\n  {self._link(base_url, service)}"
                )
            self.stdout.write("")
