"""Where a service's facts come from, and who checked them.

Every service names a source: a public document with its date, a web page, a phone call with
the organisation on a date, or "voorbeeldgegevens" (made up for a demo or a benchmark).
``last_verified`` means that a named staff member confirmed the entry with the organisation; it
never stands alone (a database constraint on Service refuses a date without a verifier).
Residents see one quiet line about this on every service page; the open data carries the same
(opendata.hsds).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    DOCUMENT = "document", _("Publiek document")
    WEBSITE = "website", _("Webpagina")
    PHONE = "telefoon", _("Telefonisch bij de organisatie")
    DEMO = "voorbeeld", _("Voorbeeldgegevens")


@dataclass(frozen=True)
class Provenance:
    """``state`` is one of CHECKED, PUBLIC_SOURCE, PHONE, DEMO, UNKNOWN."""

    state: str
    label: str
    checked_on: datetime.date | None = None
    checked_by: str = ""
    source_date: datetime.date | None = None

    CHECKED = "gecontroleerd"
    PUBLIC_SOURCE = "publieke_bron"
    PHONE = "telefonisch"
    DEMO = "voorbeeld"
    UNKNOWN = "onbekend"

    @property
    def is_checked(self) -> bool:
        return self.state == self.CHECKED


def _long_date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _label(state: str, service) -> str:
    if state == Provenance.CHECKED:
        return gettext("Gecontroleerd door %(who)s op %(date)s") % {
            "who": service.verified_for,
            "date": _long_date(service.last_verified),
        }
    if state == Provenance.DEMO:
        return gettext("Voorbeeldgegevens")
    if state == Provenance.PHONE:
        return gettext(
            "Telefonisch nagevraagd bij de organisatie op %(date)s, nog niet gecontroleerd "
            "door de stad"
        ) % {"date": _long_date(service.source_date)}
    if state == Provenance.PUBLIC_SOURCE:
        if service.source_date:
            return gettext(
                "Uit een publieke bron van %(year)s, nog niet gecontroleerd door de stad"
            ) % {"year": service.source_date.year}
        return gettext("Uit een publieke bron, nog niet gecontroleerd door de stad")
    return gettext("Herkomst onbekend, nog niet gecontroleerd door de stad")


# Made once: lazy() builds a new proxy class at each call.
_lazy_label = lazy(_label, str)


def provenance_state(service) -> str:
    if service.last_verified and service.verified_for:
        return Provenance.CHECKED
    kind = service.source_kind
    if kind == SourceKind.DEMO:
        return Provenance.DEMO
    if kind == SourceKind.PHONE and service.source_date:
        return Provenance.PHONE
    if kind in (SourceKind.DOCUMENT, SourceKind.WEBSITE):
        return Provenance.PUBLIC_SOURCE
    return Provenance.UNKNOWN


def provenance_of(service) -> Provenance:
    state = provenance_state(service)
    checked = state == Provenance.CHECKED
    return Provenance(
        state=state,
        # Lazy: rendered in the language of the page that shows it.
        label=_lazy_label(state, service),
        checked_on=service.last_verified if checked else None,
        checked_by=service.verified_for if checked else "",
        source_date=service.source_date,
    )


def verification_errors(service) -> dict:
    """The rules for a source and a verification, as {field: message} (Service.clean)."""
    errors = {}
    today = timezone.localdate()
    if service.last_verified:
        if not (service.verified_by or "").strip():
            errors["verified_by"] = _(
                "Wie heeft deze gegevens gecontroleerd? Zonder naam kan je geen controledatum "
                "geven."
            )
        if not (service.verified_for or "").strip():
            errors["verified_for"] = _("Namens wie werd er gecontroleerd? Bijvoorbeeld: Stad Gent.")
        if service.last_verified > today:
            errors["last_verified"] = _("De controledatum ligt in de toekomst.")
    if service.source_date and service.source_date > today:
        errors["source_date"] = _("De datum van de bron ligt in de toekomst.")
    kind = service.source_kind
    if kind == SourceKind.DOCUMENT and not service.source_title.strip():
        errors["source_title"] = _("Geef de titel van het document.")
    if kind == SourceKind.WEBSITE and not service.source_url:
        errors["source_url"] = _("Geef de link naar de webpagina.")
    if kind == SourceKind.PHONE and not service.source_date:
        errors["source_date"] = _("Op welke dag heb je gebeld?")
    return errors


class Sourced(models.Model):
    """The fields of where a row's facts come from and who checked them (Service's)."""

    source_kind = models.CharField(
        _("soort bron"), max_length=20, choices=SourceKind.choices, blank=True
    )
    source_title = models.CharField(
        _("bron"),
        max_length=300,
        blank=True,
        help_text=_(
            "De titel van het document of de webpagina, of met wie je belde "
            "(bijvoorbeeld: onthaal CAW Aalst)."
        ),
    )
    source_url = models.URLField(
        _("link naar de bron"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(
                schemes=["http", "https"],
                message=_("Geef een volledige link die begint met https:// of http://."),
            )
        ],
    )
    source_date = models.DateField(
        _("datum van de bron"),
        null=True,
        blank=True,
        help_text=_("De datum van het document, of van het telefoongesprek."),
    )
    last_verified = models.DateField(_("laatst gecontroleerd"), null=True, blank=True)
    verified_by = models.CharField(
        _("gecontroleerd door"),
        max_length=120,
        blank=True,
        help_text=_("De naam van de medewerker die de gegevens met de organisatie nakeek."),
    )
    verified_for = models.CharField(
        _("gecontroleerd namens"),
        max_length=120,
        blank=True,
        help_text=_("Staat op de publieke pagina, bijvoorbeeld: Stad Gent."),
    )

    class Meta:
        abstract = True

    @property
    def provenance(self) -> Provenance:
        """Where the facts come from and whether the city checked them, for the public pages
        and the open data."""
        return provenance_of(self)

    def mark_verified(self, verified_by: str, verified_for: str, day=None) -> None:
        """A named staff member confirmed this entry with the organisation on ``day`` (today).
        Refuses (ValidationError) without a name; one save, so the history records it."""
        self.last_verified = day or timezone.localdate()
        self.verified_by = (verified_by or "").strip()
        self.verified_for = (verified_for or "").strip()
        errors = verification_errors(self)
        if errors:
            raise ValidationError(errors)
        self.save(update_fields=["last_verified", "verified_by", "verified_for"])
