"""Where help is given: cities, their neighbourhoods and the locations of services."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.base import (
    SlugNaturalKeyManager,
    SlugNaturalKeyMixin,
    hsds_id_field,
    slug_path,
)


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


class NeighbourhoodManager(SlugNaturalKeyManager):
    def get_queryset(self):
        # Its name says its city (__str__): read together wherever a list or form names them
        # (a service's form read the city of each of 26 neighbourhoods apart).
        return super().get_queryset().select_related("city")


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

    objects = NeighbourhoodManager()

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
        return slug_path("directory:neighbourhood_detail", self.slug)


class Location(SlugNaturalKeyMixin, models.Model):
    """A physical place where help is given (HSDS: location)."""

    uuid = hsds_id_field()
    organization = models.ForeignKey(
        "directory.Organization",
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
        indexes = [
            # "Dichtbij" reads the places within a box around a postcode (distance.within_km).
            models.Index(fields=["latitude", "longitude"], name="location_coordinates_idx"),
        ]

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


class ServiceAtLocationManager(models.Manager):
    def get_by_natural_key(self, service_slug, location_slug):
        return self.get(service__slug=service_slug, location__slug=location_slug)


class ServiceAtLocation(models.Model):
    """Where a service is offered (HSDS: service_at_location)."""

    service = models.ForeignKey(
        "directory.Service",
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
