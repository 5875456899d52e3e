"""The small lists a service is described with: problem types, languages, age groups and
referrer types."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from directory.models.base import (
    SlugNaturalKeyManager,
    SlugNaturalKeyMixin,
    hsds_id_field,
    slug_path,
)
from directory.translations import (
    DUTCH,
    LocalizedText,
    TranslatableMixin,
    TranslatedQuerySetMixin,
)


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
        return slug_path("directory:problem_detail", self.slug)

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


@dataclass(frozen=True)
class LanguageMatch:
    code: str
    stored_name: str
    speaks: bool

    @property
    def name(self) -> str:
        return language_name(self.code, self.stored_name)
