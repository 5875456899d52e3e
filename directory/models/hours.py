"""When help is available: opening hours and closures (HSDS: schedule)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models.places import Location


class OpeningHoursManager(models.Manager):
    def get_by_natural_key(self, service_slug, location_slug, weekday, opens_at):
        return self.get(
            service__slug=service_slug or None,
            location__slug=location_slug or None,
            weekday=weekday,
            opens_at=opens_at,
        )


class OpeningHours(models.Model):
    """When a service or a location is open (HSDS: schedule), one row per weekday and period."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("maandag")
        TUESDAY = 2, _("dinsdag")
        WEDNESDAY = 3, _("woensdag")
        THURSDAY = 4, _("donderdag")
        FRIDAY = 5, _("vrijdag")
        SATURDAY = 6, _("zaterdag")
        SUNDAY = 7, _("zondag")

    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opening_hours",
        verbose_name=_("dienst"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opening_hours",
        verbose_name=_("locatie"),
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens_at = models.TimeField(_("open van"))
    closes_at = models.TimeField(_("tot"))
    note = models.CharField(
        _("notitie"), max_length=120, blank=True, help_text=_("Bijvoorbeeld: alleen op afspraak.")
    )

    objects = OpeningHoursManager()

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("openingsuren")
        verbose_name_plural = _("openingsuren")
        indexes = [
            # "Nu open" reads the rows open at a weekday and time (ServiceQuerySet.open_at).
            models.Index(
                fields=["weekday", "opens_at"],
                include=["closes_at", "location", "service"],
                name="opening_hours_at_idx",
            ),
            # "Nu open" tested service by service (ServiceQuerySet.open_at): a place's rows of
            # one weekday, and a service's own, read from the index alone.
            models.Index(
                fields=["location", "weekday"],
                include=["opens_at", "closes_at"],
                condition=Q(service__isnull=True),
                name="place_hours_by_day_idx",
            ),
            models.Index(
                fields=["service", "weekday"],
                include=["opens_at", "closes_at"],
                condition=Q(service__isnull=False),
                name="own_hours_by_day_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(location__isnull=False),
                name="opening_hours_belong_to_service_or_location",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="opening_hours_close_after_opening",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def natural_key(self):
        return (
            self.service.slug if self.service_id else "",
            self.location.slug if self.location_id else "",
            self.weekday,
            self.opens_at.isoformat(),
        )

    def _has_owner(self) -> bool:
        """A service or location is set, or is being created with this row (an inline form on
        a new service or location sets the unsaved parent; it is saved before the row)."""
        for name in ("service", "location"):
            field = self._meta.get_field(name)
            if getattr(self, field.attname) or (
                field.is_cached(self) and getattr(self, name) is not None
            ):
                return True
        return False

    def overlaps(self, other: "OpeningHours") -> bool:
        """Same day and same place (service and location), and the periods share time."""
        return (
            self.weekday == other.weekday
            and (self.service_id, self.location_id) == (other.service_id, other.location_id)
            and self.opens_at < other.closes_at
            and other.opens_at < self.closes_at
        )

    def overlap_message(self, other: "OpeningHours"):
        return _("%(day)s %(this)s overlapt met %(other)s. Pas een van de twee aan.") % {
            "day": self.get_weekday_display().capitalize(),
            "this": f"{self.opens_at:%H:%M}–{self.closes_at:%H:%M}",
            "other": f"{other.opens_at:%H:%M}–{other.closes_at:%H:%M}",
        }

    def clean(self):
        if not self._has_owner():
            raise ValidationError(_("Kies een dienst of een locatie."))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("Het sluitingsuur moet na het openingsuur liggen.")}
            )


class ClosureQuerySet(models.QuerySet):
    def on(self, day):
        """Closures covering this date."""
        return self.filter(start_date__lte=day, end_date__gte=day)

    def for_service(self, service_id):
        """Closures that can apply to this service: for all services or for this one."""
        return self.filter(Q(service__isnull=True) | Q(service_id=service_id))


class Closure(models.Model):
    """Days on which the opening hours do not apply: public holidays, holidays of a service,
    a location closed for works (HSDS: schedule exceptions).

    Neither service nor location: everything is closed (a public holiday). Only a service: that
    service is closed everywhere. Only a location: everything at that location is closed. Both:
    that service is closed at that location.
    """

    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("dienst"),
        help_text=_("Leeg laten als alle diensten dan gesloten zijn."),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("locatie"),
        help_text=_("Leeg laten als de dienst overal gesloten is."),
    )
    start_date = models.DateField(_("gesloten van"))
    end_date = models.DateField(_("tot en met"))
    reason = models.CharField(
        _("reden"), max_length=120, help_text=_("Bijvoorbeeld: Kerstmis, zomervakantie.")
    )

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "end_date"]
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen en feestdagen")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="closure_ends_on_or_after_its_start",
            )
        ]

    def __str__(self):
        if self.start_date == self.end_date:
            return f"{self.reason} ({self.start_date:%d-%m-%Y})"
        return f"{self.reason} ({self.start_date:%d-%m-%Y} – {self.end_date:%d-%m-%Y})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("De laatste dag ligt vóór de eerste dag.")})
