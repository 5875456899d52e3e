"""The directory's data model, named after Open Referral HSDS 3.0 where it fits.

HSDS mapping: Organization -> organization, Service -> service (with cost_option, eligibility and
service_area folded in), Location + ServiceAtLocation -> location / service_at_location,
ContactChannel -> phone/contact, OpeningHours -> schedule, ProblemType -> taxonomy_term,
Language -> language.
"""

import calendar
import datetime
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from directory import opening
from directory.phone import normalize_phone, phone_uri
from directory.translations import (
    DUTCH,
    LocalizedText,
    TranslatableMixin,
    TranslatedQuerySetMixin,
)


class SlugNaturalKeyManager(models.Manager):
    """Lets fixtures refer to rows by slug, so `loaddata` updates instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, or the month's last day if it is shorter."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last_day))


def hsds_id_field():
    """The stable public id of a row in the HSDS open data (HSDS ids are UUIDs)."""
    return models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)


class City(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("stad of gemeente")
        verbose_name_plural = _("steden en gemeenten")

    def __str__(self):
        return self.name


class Neighbourhood(SlugNaturalKeyMixin, models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "wijk", _("wijk")
        SUBMUNICIPALITY = "deelgemeente", _("deelgemeente")

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name=_("stad")
    )
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["city__name", "name"]
        verbose_name = _("wijk of deelgemeente")
        verbose_name_plural = _("wijken en deelgemeenten")
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="unique_neighbourhood_per_city")
        ]

    def __str__(self):
        return f"{self.name} ({self.city})"

    def get_absolute_url(self):
        return reverse("directory:neighbourhood_detail", kwargs={"slug": self.slug})


class OrganizationQuerySet(models.QuerySet):
    def with_published_services(self):
        return self.filter(Exists(Service.objects.published().filter(organization=OuterRef("pk"))))


class OrganizationManager(SlugNaturalKeyManager.from_queryset(OrganizationQuerySet)):
    pass


class Organization(SlugNaturalKeyMixin, models.Model):
    uuid = hsds_id_field()
    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = OrganizationManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class ProblemTypeQuerySet(TranslatedQuerySetMixin, models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class ProblemTypeManager(SlugNaturalKeyManager.from_queryset(ProblemTypeQuerySet)):
    pass


class ProblemType(TranslatableMixin, SlugNaturalKeyMixin, models.Model):
    """A taxonomy term for what people come with, described in residents' own words."""

    TRANSLATED_FIELDS = ("name", "resident_phrase", "description")

    uuid = hsds_id_field()
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("valt onder"),
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    resident_phrase = models.CharField(
        _("in woorden van bewoners"),
        max_length=120,
        blank=True,
        help_text=_("Hoe iemand het zelf zou zeggen, bijvoorbeeld: Ik voel me eenzaam."),
    )
    description = models.TextField(
        _("uitleg"), blank=True, help_text=_("Twee korte zinnen in eenvoudige taal.")
    )
    synonyms = models.TextField(
        _("zoekwoorden"),
        blank=True,
        help_text=_(
            "Woorden die bewoners gebruiken, één per regel, bijvoorbeeld: ik voel me alleen."
        ),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ProblemTypeManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("probleemtype")
        verbose_name_plural = _("probleemtypes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:problem_detail", kwargs={"slug": self.slug})

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("Een probleemtype kan niet onder zichzelf vallen.")}
                )
            ancestor = ancestor.parent

    @property
    def tile_label(self) -> LocalizedText:
        """How the home page offers this type: the residents' words, else the name; a
        translated name goes before Dutch words."""
        for field in ("resident_phrase", "name"):
            text = self.localized(field)
            if text and text.lang != DUTCH:
                return text
        return self.localized("resident_phrase") or self.localized("name")

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def with_descendant_ids(self) -> set[int]:
        """This type's id and those of all types below it, in one query."""
        children_of: dict[int | None, list[int]] = {}
        for pk, parent_id in ProblemType.objects.values_list("pk", "parent_id"):
            children_of.setdefault(parent_id, []).append(pk)
        found, todo = set(), [self.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children_of.get(pk, []))
        return found


def language_name(code: str, stored_name: str) -> str:
    """A language's name in the active language (Arabisch, arabe...) when Django knows the
    code, else the name staff entered."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return stored_name


class LanguageManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Language(models.Model):
    """A language a service can be used in (HSDS: language)."""

    code = models.CharField(
        _("taalcode"), max_length=12, unique=True, help_text=_("ISO 639-1, bijvoorbeeld nl of ar.")
    )
    name = models.CharField(_("naam"), max_length=60)

    objects = LanguageManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("taal")
        verbose_name_plural = _("talen")

    def __str__(self):
        return language_name(self.code, self.name)

    def natural_key(self):
        return (self.code,)


class AgeGroup(SlugNaturalKeyMixin, models.Model):
    name = models.CharField(_("naam"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    min_age = models.PositiveSmallIntegerField(_("vanaf leeftijd"), default=0)
    max_age = models.PositiveSmallIntegerField(_("tot en met leeftijd"), null=True, blank=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["min_age", "name"]
        verbose_name = _("leeftijdsgroep")
        verbose_name_plural = _("leeftijdsgroepen")

    def __str__(self):
        return self.name

    def clean(self):
        if self.max_age is not None and self.max_age < self.min_age:
            raise ValidationError(
                {"max_age": _("De hoogste leeftijd moet groter zijn dan de laagste.")}
            )


class ReferrerType(SlugNaturalKeyMixin, models.Model):
    """Who may send someone to a service: huisarts, WGC, sociale vindplaats, outreacher, zelf."""

    name = models.CharField(_("naam"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("doorverwijzer")
        verbose_name_plural = _("doorverwijzers")

    def __str__(self):
        return self.name


class Location(SlugNaturalKeyMixin, models.Model):
    """A physical place where help is given (HSDS: location)."""

    uuid = hsds_id_field()
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    address = models.CharField(
        _("adres"), max_length=200, blank=True, help_text=_("Straat en huisnummer.")
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=4,
        blank=True,
        validators=[
            RegexValidator(r"^[1-9][0-9]{3}$", _("Een Belgische postcode heeft 4 cijfers."))
        ],
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="locations", verbose_name=_("stad")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("wijk"),
    )
    latitude = models.DecimalField(
        _("breedtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("lengtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility = models.TextField(
        _("toegankelijkheid"),
        blank=True,
        help_text=_("Bijvoorbeeld: rolstoeltoegankelijk, lift, trap aan de ingang."),
    )
    transit_stop = models.CharField(
        _("halte openbaar vervoer"),
        max_length=120,
        blank=True,
        help_text=_("De dichtstbijzijnde halte, bijvoorbeeld: Gent Dampoort (tram 1, bus 3)."),
    )

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["city__name", "name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def directions_url(self) -> str:
        """A route to here on OpenStreetMap: to the coordinates, or else to the address."""
        if self.has_coordinates:
            destination = f"{self.latitude},{self.longitude}"
        else:
            street = self.address or self.name
            destination = f"{street}, {self.postcode} {self.city.name}".replace(" ,", ",")
        return "https://www.openstreetmap.org/directions?" + urlencode({"to": destination})

    def clean(self):
        if self.neighbourhood_id and self.city_id and self.neighbourhood.city_id != self.city_id:
            raise ValidationError({"neighbourhood": _("Deze wijk ligt niet in de gekozen stad.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Vul breedtegraad en lengtegraad allebei in, of geen van beide.")
            )


class ServiceQuerySet(TranslatedQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def needs_verification(self, today: datetime.date | None = None):
        """Never verified, or not in the last VERIFY_EVERY_MONTHS months."""
        cutoff = months_before(today or timezone.localdate(), Service.VERIFY_EVERY_MONTHS)
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff))

    def active(self):
        return self.filter(status=Service.Status.ACTIVE)

    def for_problem(self, problem: ProblemType, descendant_ids: set[int] | None = None):
        """Services for this problem type or any type below it.

        Pass ``descendant_ids`` when the caller already knows them, to save a query.
        """
        if descendant_ids is None:
            descendant_ids = problem.with_descendant_ids()
        links = Service.problem_types.through.objects.filter(
            service=OuterRef("pk"), problemtype_id__in=descendant_ids
        )
        return self.filter(Exists(links))

    def for_age(self, age: int):
        """Services for someone of this age: no age groups set means all ages are welcome."""
        through = Service.age_groups.through
        any_group = through.objects.filter(service=OuterRef("pk"))
        fitting_group = any_group.filter(agegroup__min_age__lte=age).filter(
            Q(agegroup__max_age__isnull=True) | Q(agegroup__max_age__gte=age)
        )
        return self.filter(~Exists(any_group) | Exists(fitting_group))

    def speaks(self, language: "Language"):
        links = Service.languages.through.objects.filter(service=OuterRef("pk"), language=language)
        return self.filter(Exists(links))

    def reachable_in(self, language: "Language"):
        """Services that speak ``language`` or work with interpreters, those that speak it
        first (keeping the order otherwise); Service.language_match tells which is which."""
        links = Service.languages.through.objects.filter(service=OuterRef("pk"), language=language)
        reachable = self.annotate(
            speaks_language=Exists(links),
            asked_language_code=models.Value(language.code),
            asked_language_name=models.Value(language.name),
        ).filter(Q(speaks_language=True) | Q(interpreter_available=True))
        then_by = reachable.query.order_by or self.model._meta.ordering
        return reachable.order_by(models.F("speaks_language").desc(), *then_by)

    def search(self, query: str):
        """Ranked free-text search; see directory.search for both database paths."""
        from directory.search import search_services

        return search_services(self, query)

    CARD_SKIPS = (
        "description",
        "audience",
        "steps",
        "internal_note",
        "search_document",
        "search_text",
        "organization__description",
    )

    def with_card_data(self, now=None, language=None):
        """What a service card shows, in a fixed number of queries however many services.

        The long texts and search columns are left out: a list page needs only the summary, in
        ``language`` (default: the active one; see directory.translations).
        ``is_open_now`` and ``has_opening_hours`` are annotated (see with_open_now).
        """
        return (
            self.select_related("organization")
            .defer(*self.CARD_SKIPS)
            .translated(language, fields=("summary",))
            .with_open_now(now or opening.brussels_now())
            .prefetch_related(
                models.Prefetch(
                    "contact_channels",
                    queryset=ContactChannel.objects.filter(
                        kind__in=[*ContactChannel.PHONE_KINDS, ContactChannel.Kind.CHAT]
                    ),
                    to_attr="quick_channels",
                )
            )
        )

    def with_locations(self):
        """The places of each service with their city, in one query more."""
        return self.prefetch_related(
            models.Prefetch(
                "service_locations",
                queryset=ServiceAtLocation.objects.select_related("location__city"),
            )
        )

    def with_detail_data(self, language=None):
        """Everything the service page shows except opening hours (see directory.schedules)
        and the small lists of ``Service.requirements``, its texts and problem types in
        ``language`` (default: the active one)."""
        return (
            self.translated(language)
            .select_related("organization", "successor")
            .prefetch_related(
                "contact_channels",
                models.Prefetch("problem_types", ProblemType.objects.translated(language)),
                models.Prefetch(
                    "service_locations",
                    queryset=ServiceAtLocation.objects.select_related(
                        "location__city", "location__neighbourhood"
                    ),
                ),
            )
        )

    def open_at(self, moment):
        """Services open at this moment (any aware datetime; hours are Brussels wall-clock
        times), by their own hours or those of their locations, unless a closure covers it.
        directory.opening applies the same rules in Python."""
        return self.filter(_open_hours_at(moment))

    def with_open_now(self, moment):
        """Annotate ``has_opening_hours`` and ``is_open_now``: no extra query.

        ``has_opening_hours`` looks up one row per listed service (scalar subqueries): as an
        EXISTS, PostgreSQL would hash every opening hour in the directory for each page."""
        own = OpeningHours.objects.filter(service=OuterRef("pk")).values("pk")[:1]
        at_its_locations = OpeningHours.objects.filter(
            service__isnull=True, location__service_locations__service=OuterRef("pk")
        ).values("pk")[:1]
        return self.annotate(
            has_opening_hours=IsNull(Coalesce(Subquery(own), Subquery(at_its_locations)), False),
            is_open_now=models.ExpressionWrapper(
                _open_hours_at(moment), output_field=models.BooleanField()
            ),
        )

    def nearest_to(self, place):
        """Closest first, by the nearest of each service's locations with coordinates, from a
        directory.distance.Place; services without coordinates come last, by name."""
        from directory.distance import distance_km

        nearest = (
            Location.objects.filter(
                service_locations__service=OuterRef("pk"),
                latitude__isnull=False,
                longitude__isnull=False,
            )
            .annotate(km=distance_km(place))
            .order_by("km")
            .values("km")[:1]
        )
        return self.annotate(
            distance_km=Subquery(nearest, output_field=models.FloatField())
        ).order_by(models.F("distance_km").asc(nulls_last=True), "name")

    def in_city(self, city: City):
        """Services serving the whole city or at least one of its neighbourhoods."""
        whole_city = Service.serves_cities.through.objects.filter(service=OuterRef("pk"), city=city)
        some_part = Service.serves_neighbourhoods.through.objects.filter(
            service=OuterRef("pk"), neighbourhood__city=city
        )
        return self.filter(Exists(whole_city) | Exists(some_part))

    def in_neighbourhood(self, neighbourhood: Neighbourhood):
        """Services serving this neighbourhood, or its whole city."""
        serves_it = Service.serves_neighbourhoods.through.objects.filter(
            service=OuterRef("pk"), neighbourhood=neighbourhood
        )
        whole_city = Service.serves_cities.through.objects.filter(
            service=OuterRef("pk"), city_id=neighbourhood.city_id
        )
        return self.filter(Exists(serves_it) | Exists(whole_city))


def _hours_of_service(hours) -> Q:
    """For a service (OuterRef "pk"): one of ``hours`` is its own, or belongs to one of its
    locations and to no service in particular. Two EXISTS rather than one with OR, so that
    each can use its index."""
    own = hours.filter(service=OuterRef("pk"))
    at_its_locations = hours.filter(
        service__isnull=True, location__service_locations__service=OuterRef("pk")
    )
    return Q(Exists(own)) | Q(Exists(at_its_locations))


def _open_hours_at(moment) -> Q:
    """For a service (OuterRef "pk"): an hours row open at ``moment`` and not closed then."""
    local = moment.astimezone(opening.BRUSSELS)
    time = local.time().replace(tzinfo=None)
    closures = Closure.objects.on(local.date()).filter(
        Q(service__isnull=True) | Q(service=OuterRef(OuterRef("pk"))),
        Q(location__isnull=True) | Q(location=OuterRef("location")),
    )
    open_hours = OpeningHours.objects.filter(
        weekday=local.isoweekday(), opens_at__lte=time, closes_at__gt=time
    ).filter(~Exists(closures))
    return _hours_of_service(open_hours)


@dataclass(frozen=True)
class LanguageMatch:
    code: str
    stored_name: str
    speaks: bool

    @property
    def name(self) -> str:
        return language_name(self.code, self.stored_name)


class ServiceManager(SlugNaturalKeyManager.from_queryset(ServiceQuerySet)):
    pass


class Service(TranslatableMixin, SlugNaturalKeyMixin, models.Model):
    """A kind of help an organisation offers (HSDS: service)."""

    TRANSLATED_FIELDS = ("summary", "audience", "steps", "description")

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
        OTHER = "andere", _("Andere")

    class Cost(models.TextChoices):
        FREE = "gratis", _("Gratis")
        PER_SESSION = "per_sessie", _("Bedrag per sessie")
        OTHER = "andere", _("Andere kosten")

    class Status(models.TextChoices):
        ACTIVE = "actief", _("Actief")
        ENDED = "gestopt", _("Gestopt")

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
        _("voor wie"), blank=True, help_text=_("Voor wie is deze hulp? (HSDS: eligibility)")
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

    referral_required = models.BooleanField(_("doorverwijzing nodig"), default=False)
    referrer_types = models.ManyToManyField(
        ReferrerType,
        blank=True,
        related_name="services",
        verbose_name=_("wie mag doorverwijzen"),
    )
    interpreter_available = models.BooleanField(_("tolk mogelijk"), default=False)
    home_visits = models.BooleanField(_("huisbezoek mogelijk"), default=False)
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
    last_verified = models.DateField(_("laatst gecontroleerd"), null=True, blank=True)
    is_published = models.BooleanField(_("gepubliceerd"), default=False)
    internal_note = models.TextField(
        _("interne notitie"), blank=True, help_text=_("Alleen zichtbaar voor medewerkers.")
    )
    # Kept up to date by directory.signals (PostgreSQL only); see directory.search.
    search_document = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = ServiceManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        indexes = [models.Index(fields=["is_published", "status"], name="service_visible_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:service_detail", kwargs={"slug": self.slug})

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
    def language_match(self) -> "LanguageMatch | None":
        """After reachable_in(): whether this service speaks the asked language or has
        interpreters for it; None otherwise."""
        code = getattr(self, "asked_language_code", None)
        if code is None:
            return None
        return LanguageMatch(code, self.asked_language_name, speaks=self.speaks_language)

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE

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
        if errors:
            raise ValidationError(errors)


class ServiceAtLocationManager(models.Manager):
    def get_by_natural_key(self, service_slug, location_slug):
        return self.get(service__slug=service_slug, location__slug=location_slug)


class ServiceAtLocation(models.Model):
    """Where a service is offered (HSDS: service_at_location)."""

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="service_locations",
        verbose_name=_("dienst"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="service_locations",
        verbose_name=_("locatie"),
    )
    note = models.CharField(
        _("notitie"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: elke dinsdagvoormiddag."),
    )

    objects = ServiceAtLocationManager()

    class Meta:
        ordering = ["location__name"]
        verbose_name = _("dienst op locatie")
        verbose_name_plural = _("locaties van de dienst")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]

    def __str__(self):
        return f"{self.service} @ {self.location}"

    def natural_key(self):
        return (self.service.slug, self.location.slug)


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
        Service,
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

    def clean(self):
        if not self.service_id and not self.location_id:
            raise ValidationError(_("Kies een dienst of een locatie."))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("Het sluitingsuur moet na het openingsuur liggen.")}
            )


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
        Service, on_delete=models.CASCADE, related_name="contact_channels", verbose_name=_("dienst")
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
        Service,
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


# The translation models live in their own module; importing them here registers them.
from directory.translations import ProblemTypeTranslation, ServiceTranslation  # noqa: E402, F401
