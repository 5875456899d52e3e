"""What residents report as wrong on a service page, for staff to handle.

No personal data beyond the e-mail address a resident may choose to leave; it is erased 90 days
after the report is handled (manage.py purge_feedback).
"""

import datetime
import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Service

MESSAGE_MAX_LENGTH = 1000
KEEP_EMAIL_DAYS = 90
TITLE_LENGTH = 200


class FeedbackQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=Feedback.Status.NEW)

    def email_expired(self, now=None):
        """Handled more than KEEP_EMAIL_DAYS ago and still holding an e-mail address."""
        cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_EMAIL_DAYS)
        return self.filter(status=Feedback.Status.HANDLED, handled_at__lt=cutoff).exclude(email="")

    def mark_handled(self, now=None):
        return self.new().update(status=Feedback.Status.HANDLED, handled_at=now or timezone.now())


class Feedback(models.Model):
    class Status(models.TextChoices):
        NEW = "nieuw", _("Nieuw")
        HANDLED = "afgehandeld", _("Afgehandeld")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("dienst")
    )
    message = models.TextField(_("wat klopt er niet"), max_length=MESSAGE_MAX_LENGTH)
    email = models.EmailField(
        _("e-mailadres"), blank=True, help_text=_("Wordt 90 dagen na afhandeling gewist.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    action_taken = models.TextField(
        _("wat is er gedaan"),
        blank=True,
        help_text=_("Voor collega's: wat je hebt aangepast of geantwoord. Geen persoonsgegevens."),
    )
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["status", "handled_at"], name="feedback_status_idx")]

    def __str__(self):
        return f"{self.service}: {self.title}"

    def save(self, *args, **kwargs):
        if self.status == self.Status.HANDLED and self.handled_at is None:
            self.handled_at = timezone.now()
        elif self.status == self.Status.NEW:
            self.handled_at = None
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        """The first sentence of the message, whole; cut at a word only when it is very long."""
        first = re.split(r"(?<=[.!?])\s", self.message.strip(), maxsplit=1)[0]
        if len(first) <= TITLE_LENGTH:
            return first
        return first[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"
