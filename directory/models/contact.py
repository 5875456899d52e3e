"""How to reach a service: phone, e-mail, chat and website (HSDS: phone, contact)."""

from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    URLValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.phone import normalize_phone, phone_uri


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
                self.value = normalize_phone(self.value)
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
    def href(self) -> str:
        """The link a browser can follow for this channel, or '' when there is none."""
        if self.kind in self.PHONE_KINDS:
            return phone_uri(self.value)
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        if self.kind in self.URL_KINDS:
            return self.value
        return ""
