"""Organisations, the services they offer and where (HSDS: organization, service,
service_at_location)."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import (
    MinValueValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.models.base import (
    SearchIdsField,
    SlugNaturalKeyManager,
    SlugNaturalKeyMixin,
    hsds_id_field,
    slug_path,
)
from directory.models.contact import ContactChannel
from directory.models.organizations import Organization
from directory.models.places import City, Location, Neighbourhood
from directory.models.provenance import (
    Provenance,
    SourceKind,
    provenance_of,
    verification_errors,
)
from directory.models.service_queries import ServiceQuerySet
from directory.models.taxonomy import AgeGroup, Language, LanguageMatch, ProblemType, ReferrerType
from directory.translations import (
    LocalizedText,
    TranslatableMixin,
)


class ServiceManager(SlugNaturalKeyManager.from_queryset(ServiceQuerySet)):
    pass


class Service(TranslatableMixin, SlugNaturalKeyMixin, models.Model):
    """A kind of help an organisation offers (HSDS: service)."""

    TRANSLATED_FIELDS = ("summary", "audience", "steps", "description")
    # Filled for the search only (directory.search); no page shows them.
    SEARCH_COLUMNS = (
        "search_document",
        "search_text",
        "search_problem_ids",
        "search_city_ids",
        "search_whole_city_ids",
        "search_neighbourhood_ids",
        "search_language_ids",
        "search_filter_keys",
    )
    # What neither a public page nor the open data shows: pages and the API leave them unread.
    UNSHOWN_FIELDS = (*SEARCH_COLUMNS, "internal_note")
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

    class Cost(models.TextChoices):
        FREE = "gratis", _("Gratis")
        PER_SESSION = "per_sessie", _("Bedrag per sessie")
        OTHER = "andere", _("Andere kosten")

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
    # Where the facts come from, and who checked them (see directory.models.provenance).
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
    is_published = models.BooleanField(_("gepubliceerd"), default=False)
    internal_note = models.TextField(
        _("interne notitie"), blank=True, help_text=_("Alleen zichtbaar voor medewerkers.")
    )
    # Kept up to date by directory.signals (PostgreSQL only); see directory.search.
    search_document = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)
    # The ids of its problem types, so that a search finds and scores a service's problem
    # types in its own row, through a GIN index (PostgreSQL only; None elsewhere).
    search_problem_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    # The cities it serves, wholly or in some of their neighbourhoods (a city may come twice),
    # so that a list for a city tests each service on its own row (PostgreSQL only).
    search_city_ids = SearchIdsField(models.IntegerField(), null=True, blank=True, editable=False)
    # The cities it serves as a whole and the neighbourhoods it serves, for the neighbourhood
    # pages and filter likewise.
    search_whole_city_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    search_neighbourhood_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    # The languages it speaks, for the language filter likewise.
    search_language_ids = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )
    # The list's tick boxes it meets, alone and in each city it serves, as keys for a GIN index
    # (ServiceQuerySet.meeting); a trigger writes them on every INSERT and UPDATE (migration 0018).
    search_filter_keys = SearchIdsField(
        models.IntegerField(), null=True, blank=True, editable=False
    )

    objects = ServiceManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        indexes = [
            models.Index(fields=["is_published", "status"], name="service_visible_idx"),
            # The open-data API pages through published services by name.
            models.Index(
                fields=["name", "uuid"],
                condition=models.Q(is_published=True),
                name="service_published_name_idx",
            ),
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
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    @property
    def language_match(self) -> "LanguageMatch | None":
        """After reachable_in(): whether this service speaks the asked language or has
        interpreters for it; None otherwise."""
        code = getattr(self, "asked_language_code", None)
        if code is None:
            return None
        return LanguageMatch(code, self.asked_language_name, speaks=self.speaks_language)

    @property
    def quick_channel(self) -> ContactChannel | None:
        """After with_card_data(): the first phone number or chat, for the card's call button."""
        kind = getattr(self, "quick_channel_kind", None)
        if not kind:
            return None
        return ContactChannel(service=self, kind=kind, value=self.quick_channel_value)

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE

    @property
    def provenance(self) -> Provenance:
        """Where the facts come from and whether the city checked them, for the public pages
        and the open data."""
        return provenance_of(self)

    def mark_verified(self, verified_by: str, verified_for: str, day=None) -> None:
        """A named staff member confirmed this entry with the organisation on ``day`` (today).
        Refuses (ValidationError) without a name; one save, so the history records it."""
        from django.utils import timezone

        self.last_verified = day or timezone.localdate()
        self.verified_by = (verified_by or "").strip()
        self.verified_for = (verified_for or "").strip()
        errors = verification_errors(self)
        if errors:
            raise ValidationError(errors)
        self.save(update_fields=["last_verified", "verified_by", "verified_for"])

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
        errors.update(verification_errors(self))
        if errors:
            raise ValidationError(errors)
