"""How to reach a service: phone, e-mail, chat and website (HSDS: phone, contact)."""

import functools
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    URLValidator,
)
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from directory.phone import normalize_international_phone, normalize_phone, phone_uri


class ContactChannelManager(models.Manager):
    def get_by_natural_key(self, service_slug, kind, value):
        return self.get(service__slug=service_slug, kind=kind, value=value)


class ContactChannel(models.Model):
    """One way to reach a service (HSDS: phone, contact and url, kept in one list)."""

    class Kind(models.TextChoices):
        PHONE = "telefoon", _("Telefoon")
        FREE_NUMBER = "gratis_nummer", _("Gratis nummer")
        MOBILE = "gsm", _("Gsm")
        EMAIL = "email", _("E-mail")
        WEBSITE = "website", _("Website")
        WALK_IN = "binnenlopen", _("Binnenlopen")
        CHAT = "chat", _("Chat")

    PHONE_KINDS = {Kind.PHONE, Kind.FREE_NUMBER, Kind.MOBILE}
    URL_KINDS = {Kind.WEBSITE, Kind.CHAT}

    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="contact_channels",
        verbose_name=_("dienst"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("nummer, adres of link"),
        max_length=300,
        help_text=_("Telefoonnummers worden automatisch in Belgisch formaat gezet."),
    )
    label = models.CharField(
        _("omschrijving"), max_length=120, blank=True, help_text=_("Bijvoorbeeld: onthaal.")
    )
    hours = models.CharField(
        _("bereikbaar"), max_length=120, blank=True, help_text=_("Bijvoorbeeld: ma–vr 9–12 uur.")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ContactChannelManager()

    # Not a field: set by the open-data import, where services abroad may give foreign numbers.
    # Staff typing a number in the admin get Belgian numbers only.
    foreign_phone_allowed = False

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("contactmogelijkheid")
        verbose_name_plural = _("contactmogelijkheden")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "value"], name="unique_contact_channel_per_service"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def natural_key(self):
        return (self.service.slug, self.kind, self.value)

    def clean(self):
        self.value = (self.value or "").strip()
        try:
            if self.kind in self.PHONE_KINDS:
                normalize = (
                    normalize_international_phone if self.foreign_phone_allowed else normalize_phone
                )
                self.value = normalize(self.value)
            elif self.kind == self.Kind.EMAIL:
                self.value = self.value.lower()
                EmailValidator(message=_("Geef een geldig e-mailadres, zoals naam@voorbeeld.be."))(
                    self.value
                )
            elif self.kind in self.URL_KINDS:
                if "://" not in self.value and "." in self.value and " " not in self.value:
                    self.value = f"https://{self.value}"  # "www.aalst.be" as staff type it
                URLValidator(
                    schemes=["https", "http"],
                    message=_("Geef een volledige link die begint met https://."),
                )(self.value)
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from error

    @property
    def kind_name(self) -> str:
        """get_kind_display() in the active language, in a twentieth of its time (it rebuilt
        the choices at every call: 22 µs a channel, issue 18)."""
        return str(KIND_NAMES.get(self.kind, self.kind))

    @property
    def href(self) -> str:
        """The link a browser can follow for this channel, or '' when there is none."""
        if self.kind in self.PHONE_KINDS:
            return phone_uri(self.value)
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        if self.kind in self.URL_KINDS:
            return self.value
        return ""

    @property
    def is_phone(self) -> bool:
        return self.kind in self.PHONE_KINDS

    @property
    def writes_left_to_right(self) -> bool:
        """Numbers, addresses and links: shown isolated, left to right, on every page."""
        return self.kind in self.PHONE_KINDS | self.URL_KINDS | {self.Kind.EMAIL}

    @property
    def extra_label(self) -> str:
        """The label without the kind it repeats: "Chat" adds nothing to the kind Chat,
        "Gratis nummer CAW" adds "CAW" to Gratis nummer. Labels are written in Dutch."""
        label = self.label.strip()
        kind = dutch_kind_names().get(self.kind, self.kind)
        if label.casefold().startswith(kind.casefold()):
            label = label[len(kind) :].strip(" :-–()")
        return label

    @property
    def display_value(self) -> str:
        """What a link shows: for a website or chat the domain ("caw.be"), not a long URL that
        wraps on a phone; other values as they are."""
        if self.kind not in self.URL_KINDS:
            return self.value
        host = urlsplit(self.value).hostname or self.value
        return host.removeprefix("www.")


# Each kind's name, translated when it is shown.
KIND_NAMES = dict(ContactChannel.Kind.choices)


@functools.cache
def dutch_kind_names() -> dict[str, str]:
    """The kinds' names in Dutch, worked out once: switching the language for each channel
    was a tenth of a service page's time (issue 18)."""
    with translation.override("nl"):
        return {kind.value: str(kind.label) for kind in ContactChannel.Kind}
