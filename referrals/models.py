"""A referral card's house style ("sjabloon"). No client data lives in any model of this app."""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.phone import normalize_phone
from referrals.colours import NotAColour, normalize_hex
from referrals.validators import clean_accent_colour, clean_primary_colour

DEFAULT_PRIMARY = "#0b4f9c"
DEFAULT_ACCENT = "#ffd33d"


def new_token() -> str:
    """An unguessable token for the private link (192 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def logo_upload_to(instance, filename) -> str:
    # Logos are always re-encoded to PNG by the form; the uploaded name is never used.
    return f"sjablonen/logos/{uuid.uuid4().hex}.png"


class CardTemplate(models.Model):
    """An organisation's house style for referral cards, reused through a private link."""

    name = models.CharField(
        _("naam van het sjabloon"),
        max_length=100,
        help_text=_("Bijvoorbeeld: WGC De Sleep – onthaal."),
    )
    organisation_name = models.CharField(_("naam van de organisatie"), max_length=150)
    contact_person = models.CharField(_("contactpersoon"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    primary_colour = models.CharField(
        _("hoofdkleur"),
        max_length=7,
        default=DEFAULT_PRIMARY,
        validators=[clean_primary_colour],
    )
    accent_colour = models.CharField(
        _("accentkleur"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[clean_accent_colour],
    )
    token = models.CharField(
        _("geheime sleutel"), max_length=64, unique=True, default=new_token, editable=False
    )
    # The private link (``token``) lets colleagues use the house style; only who holds this
    # second secret (its creator's browser, or the edit link) may change it.
    edit_token = models.CharField(
        _("geheime sleutel om te bewerken"), max_length=64, default=new_token, editable=False
    )
    created = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    updated = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["token", "edit_token"])

    class Meta:
        ordering = ["organisation_name", "name"]
        verbose_name = _("sjabloon")
        verbose_name_plural = _("sjablonen")

    def __str__(self):
        return f"{self.name} ({self.organisation_name})"

    def get_absolute_url(self):
        return reverse("referrals:template_use", kwargs={"token": self.token})

    def get_edit_url(self):
        return reverse(
            "referrals:template_edit", kwargs={"token": self.token, "edit_token": self.edit_token}
        )

    def copy(self) -> "CardTemplate":
        """An unsaved copy with new secrets: what someone edits who may only use this one."""
        fields = [
            "name", "organisation_name", "contact_person", "phone", "logo", "primary_colour",
            "accent_colour",
        ]  # fmt: skip
        return CardTemplate(**{name: getattr(self, name) for name in fields})

    def clean(self):
        errors = {}
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValidationError as error:
                errors["phone"] = error.messages
        for field in ("primary_colour", "accent_colour"):
            try:
                setattr(self, field, normalize_hex(getattr(self, field)))
            except NotAColour:
                pass  # the field validator reports it
        if errors:
            raise ValidationError(errors)
