"""Two sides of a service (directory.models.services.Service) with fields of their own: what it
costs, and who can use it and how (referral, interpreter, home visits, ages, languages)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.models.taxonomy import AgeGroup, Language, LanguageMatch, ReferrerType


class Costs(models.Model):
    """What the help costs a resident."""

    class Cost(models.TextChoices):
        FREE = "gratis", _("Gratis")
        PER_SESSION = "per_sessie", _("Bedrag per sessie")
        OTHER = "andere", _("Andere kosten")

    cost = models.CharField(_("kosten"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_per_session = models.DecimalField(
        _("bedrag per sessie (euro)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_reduced = models.DecimalField(
        _("bedrag met verhoogde tegemoetkoming (euro)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_note = models.CharField(_("uitleg over kosten"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE

    def cost_errors(self) -> dict:
        """The errors of the cost fields, by field, for clean()."""
        errors = {}
        if self.cost == self.Cost.PER_SESSION and self.cost_per_session is None:
            errors["cost_per_session"] = _("Geef het bedrag per sessie.")
        if (
            self.cost_reduced is not None
            and self.cost_per_session is not None
            and self.cost_reduced > self.cost_per_session
        ):
            errors["cost_reduced"] = _(
                "Het bedrag met verhoogde tegemoetkoming kan niet hoger zijn dan het gewone bedrag."
            )
        return errors


class Access(models.Model):
    """Who can use the help and how: referral, interpreter, home visits, hours, ages, languages."""

    # None: not known (yet). Pages then say to ask, instead of guessing yes or no.
    referral_required = models.BooleanField(
        _("doorverwijzing nodig"), null=True, blank=True, default=None
    )
    referrer_types = models.ManyToManyField(
        ReferrerType,
        blank=True,
        related_name="services",
        verbose_name=_("wie mag doorverwijzen"),
    )
    interpreter_available = models.BooleanField(
        _("tolk mogelijk"), null=True, blank=True, default=None
    )
    home_visits = models.BooleanField(_("huisbezoek mogelijk"), null=True, blank=True, default=None)
    always_open = models.BooleanField(
        _("dag en nacht bereikbaar"),
        default=False,
        help_text=_(
            "Alleen voor diensten die elk uur van elke dag bereikbaar zijn, ook op feestdagen "
            "(zoals 1813 en 106). Dan telt de dienst altijd als 'nu open'."
        ),
    )
    max_sessions = models.PositiveSmallIntegerField(
        _("maximum aantal sessies"), null=True, blank=True
    )
    age_groups = models.ManyToManyField(
        AgeGroup,
        blank=True,
        related_name="services",
        verbose_name=_("leeftijdsgroepen"),
        help_text=_("Leeg laten als de dienst voor alle leeftijden is."),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="services", verbose_name=_("talen")
    )

    class Meta:
        abstract = True

    @property
    def max_sessions_text(self) -> str:
        """ "Je kan maximaal 5 gesprekken krijgen.", or "" without a maximum. Written here for
        its plural, which makemessages cannot find in the Jinja2 service page."""
        if not self.max_sessions:
            return ""
        return ngettext(
            "Je kan maximaal %(counter)s gesprek krijgen.",
            "Je kan maximaal %(counter)s gesprekken krijgen.",
            self.max_sessions,
        ) % {"counter": self.max_sessions}

    @property
    def language_match(self) -> "LanguageMatch | None":
        """After reachable_in(): whether this service speaks the asked language or has
        interpreters for it; None otherwise."""
        code = getattr(self, "asked_language_code", None)
        if code is None:
            return None
        return LanguageMatch(code, self.asked_language_name, speaks=self.speaks_language)
