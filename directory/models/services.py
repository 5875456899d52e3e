"""Organisations, the services they offer and where (HSDS: organization, service,
service_at_location)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from directory.models.base import (
    SlugNaturalKeyManager,
    SlugNaturalKeyMixin,
    hsds_id_field,
    slug_path,
)
from directory.models.contact import ContactChannel
from directory.models.organizations import Organization
from directory.models.places import City, Location, Neighbourhood
from directory.models.provenance import Sourced, SourceKind, verification_errors
from directory.models.search_columns import SearchColumns
from directory.models.service_parts import Access, Costs
from directory.models.service_queries import ServiceQuerySet
from directory.models.taxonomy import ProblemType
from directory.translations import (
    LocalizedText,
    TranslatableMixin,
)


class ServiceManager(SlugNaturalKeyManager.from_queryset(ServiceQuerySet)):
    pass


class Service(
    TranslatableMixin, SlugNaturalKeyMixin, Costs, Access, Sourced, SearchColumns, models.Model
):
    """A kind of help an organisation offers (HSDS: service)."""

    TRANSLATED_FIELDS = ("summary", "audience", "steps", "description")
    # What neither a public page nor the open data shows: pages and the API leave them unread.
    UNSHOWN_FIELDS = (*SearchColumns.SEARCH_COLUMNS, "internal_note")
    # Set on a page's services by some listings (nearest_to, attach_found_via) and None
    # otherwise, so that a card finds them without a failed template lookup (an exception each).
    distance_km: float | None = None
    found_via: str | None = None

    uuid = hsds_id_field()

    class Kind(models.TextChoices):
        CAW_INTAKE = "caw_onthaal", _("CAW-onthaal")
        OCMW = "ocmw", _("OCMW")
        RELANCE_PSYCHOLOGIST = "relancepsycholoog", _("Relancepsycholoog")
        FIRST_LINE_PSYCHOLOGIST = "eerstelijnspsycholoog", _("Eerstelijnspsycholoog")
        MOBILE_MENTAL_HEALTH = "mobiele_ggz", _("Mobiele GGZ-werker")
        NEIGHBOURHOOD_NETWORKER = "wijknetwerker", _("Wijknetwerker")
        COMMUNITY_HEALTH_CENTRE = "wijkgezondheidscentrum", _("Wijkgezondheidscentrum")
        HELPLINE = "hulplijn", _("Hulplijn")
        STREET_WORK = "straathoekwerk", _("Straathoekwerk of outreach")
        DROP_IN = "aanloophuis", _("Aanloophuis")
        GROUP = "groepsaanbod", _("Groepsaanbod")
        CITY_DESK = "loket", _("Loket van stad of OCMW")
        VICTIM_SUPPORT = "slachtofferhulp", _("Slachtofferhulp")
        OTHER = "andere", _("Andere")

    class Status(models.TextChoices):
        ACTIVE = "actief", _("Actief")
        ENDED = "gestopt", _("Gestopt")

    SourceKind = SourceKind

    VERIFY_EVERY_MONTHS = 6

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    summary = models.CharField(
        _("korte samenvatting"),
        max_length=200,
        help_text=_("Eén zin in eenvoudig Nederlands: wat doet deze dienst?"),
    )
    description = models.TextField(_("beschrijving"), blank=True)
    audience = models.TextField(
        _("voor wie"),
        blank=True,
        help_text=_("Voor wie is deze hulp? Bijvoorbeeld: jongeren van 12 tot 25 jaar in Aalst."),
    )
    steps = models.TextField(
        _("stappen om hulp te krijgen"),
        blank=True,
        help_text=_("Eén stap per regel, in de juiste volgorde."),
    )

    problem_types = models.ManyToManyField(
        ProblemType, blank=True, related_name="services", verbose_name=_("probleemtypes")
    )
    serves_cities = models.ManyToManyField(
        City,
        blank=True,
        related_name="services",
        verbose_name=_("werkt voor de hele stad"),
    )
    serves_neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        blank=True,
        related_name="services",
        verbose_name=_("werkt in de wijken"),
    )
    locations = models.ManyToManyField(
        Location,
        through="ServiceAtLocation",
        blank=True,
        related_name="services",
        verbose_name=_("locaties"),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    end_date = models.DateField(_("gestopt op"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("opgevolgd door"),
    )
    is_published = models.BooleanField(_("gepubliceerd"), default=False)
    internal_note = models.TextField(
        _("interne notitie"), blank=True, help_text=_("Alleen zichtbaar voor medewerkers.")
    )
    objects = ServiceManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        indexes = [
            models.Index(fields=["is_published", "status"], name="service_visible_idx"),
            # "Nu open" reads the few services open day and night (ServiceQuerySet.open_at).
            models.Index(
                fields=["id"], condition=models.Q(always_open=True), name="service_always_open_idx"
            ),
            # The open-data API pages through published services by name.
            models.Index(
                fields=["name", "uuid"],
                condition=models.Q(is_published=True),
                name="service_published_name_idx",
            ),
            # The admin lists every service by name, drafts too (Django adds -pk to make the
            # order total): at 100,000 services it sorted them all for a page (131 ms).
            models.Index(fields=["name", "-id"], name="service_admin_name_idx"),
        ]
        constraints = [
            # "Checked" means checked: a verification date always comes with who checked.
            models.CheckConstraint(
                condition=Q(last_verified__isnull=True)
                | (~Q(verified_by="") & ~Q(verified_for="")),
                name="service_verified_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(source_url="")
                | Q(source_url__startswith="https://")
                | Q(source_url__startswith="http://"),
                name="service_source_url_is_http",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("directory:service_detail", self.slug)

    @cached_property
    def requirements(self):
        """Age groups, referrer types and languages, read together in one query."""
        from directory.requirements import requirements_of

        return requirements_of(self.pk)

    @property
    def step_list(self) -> list[LocalizedText]:
        """The steps in the language the queryset was translated to, or in Dutch."""
        steps = self.localized("steps")
        return [
            LocalizedText(line.strip(), steps.lang) for line in steps.splitlines() if line.strip()
        ]

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    @property
    def quick_channel(self) -> ContactChannel | None:
        """After with_card_data(): the first phone number or chat, for the card's call button."""
        kind = getattr(self, "quick_channel_kind", None)
        if not kind:
            return None
        return ContactChannel(service=self, kind=kind, value=self.quick_channel_value)

    @property
    def is_draft(self) -> bool:
        """Not published: staff must still complete it (e.g. the sources only name it)."""
        return not self.is_published

    def clean(self):
        errors = {}
        if self.status == self.Status.ENDED and not self.end_date:
            errors["end_date"] = _("Geef de datum waarop de dienst gestopt is.")
        if self.status == self.Status.ACTIVE and self.successor_id:
            errors["successor"] = _("Alleen een gestopte dienst kan een opvolger hebben.")
        if self.pk and self.successor_id == self.pk:
            errors["successor"] = _("Een dienst kan niet zijn eigen opvolger zijn.")
        errors.update(self.cost_errors())
        errors.update(verification_errors(self))
        if errors:
            raise ValidationError(errors)
