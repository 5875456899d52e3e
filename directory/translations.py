"""Translations of the texts residents read, one row per language, with Dutch as the fallback.

Own models rather than django-modeltranslation: django-simple-history builds the historical
models from the fields a model has when staff.models registers it, so translated columns added
later would be missing from the history and lost on a revert.

Reading costs no extra query: ``translated(language)`` on a queryset LEFT JOINs that language's
row and annotates its texts; ``localized(field)`` (``texts.<field>`` in templates) then gives each
text with the language it is really in, Dutch when there is no translation.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DUTCH = settings.LANGUAGE_CODE
TRANSLATION_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != DUTCH]
_TRANSLATION_CODES = {code for code, _name in TRANSLATION_LANGUAGES}
_JOINED = "active_translation"


class LocalizedText(str):
    """A text that knows its language, so a template can mark a Dutch fallback with lang="nl"."""

    lang: str

    def __new__(cls, text: str, lang: str):
        localized = super().__new__(cls, text or "")
        localized.lang = lang
        return localized


def translation_language(language: str | None = None) -> str | None:
    """The translation language to read for ``language`` (default: the active one), or None
    when Dutch or an unknown language is asked: then the Dutch fields are all there is."""
    code = (language or get_language() or DUTCH).split("-")[0].lower()
    return code if code in _TRANSLATION_CODES else None


class TranslatedQuerySetMixin:
    """Adds ``translated(language)`` to a queryset of a model with a ``translations`` relation."""

    def translated(self, language: str | None = None, fields: tuple[str, ...] | None = None):
        """Annotate the texts in ``fields`` (default: all translated ones) in ``language``."""
        code = translation_language(language)
        if code is None:
            return self
        fields = self.model.TRANSLATED_FIELDS if fields is None else fields
        return self.annotate(
            **{_JOINED: FilteredRelation("translations", condition=Q(translations__language=code))}
        ).annotate(
            translation_language=F(f"{_JOINED}__language"),
            **{f"translated_{name}": F(f"{_JOINED}__{name}") for name in fields},
        )


class TranslatableMixin:
    """``localized(field)``: the text in the language the queryset was translated to, or Dutch."""

    TRANSLATED_FIELDS: tuple[str, ...] = ()

    def localized(self, field: str) -> LocalizedText:
        translated = getattr(self, f"translated_{field}", None)
        if translated:
            return LocalizedText(translated, self.translation_language)
        return LocalizedText(getattr(self, field), DUTCH)

    @property
    def texts(self) -> "LocalizedTexts":
        return LocalizedTexts(self)


class LocalizedTexts:
    """``service.texts.summary`` in a template is ``service.localized("summary")``."""

    def __init__(self, instance: TranslatableMixin):
        self._instance = instance

    def __getitem__(self, field: str) -> LocalizedText:
        if field not in self._instance.TRANSLATED_FIELDS:
            raise KeyError(field)
        return self._instance.localized(field)


class TranslationManager(models.Manager):
    def get_by_natural_key(self, slug, language):
        return self.get(**{f"{self.model.TRANSLATION_OF}__slug": slug, "language": language})


class Translation(models.Model):
    """One language's texts of the object named by ``TRANSLATION_OF`` (a foreign key)."""

    TRANSLATION_OF = ""

    language = models.CharField(_("taal"), max_length=10, choices=TRANSLATION_LANGUAGES)

    objects = TranslationManager()

    class Meta:
        abstract = True
        ordering = ["language"]
        verbose_name = _("vertaling")
        verbose_name_plural = _("vertalingen")

    def __str__(self):
        return f"{getattr(self, self.TRANSLATION_OF)} ({self.get_language_display()})"

    def natural_key(self):
        return (getattr(self, self.TRANSLATION_OF).slug, self.language)


class ServiceTranslation(Translation):
    """A service's texts for residents in another language than Dutch."""

    TRANSLATION_OF = "service"

    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("dienst"),
    )
    summary = models.CharField(
        _("samenvatting in deze taal"),
        max_length=200,
        blank=True,
        help_text=_("Leeg laten: dan tonen we de Nederlandse tekst."),
    )
    audience = models.TextField(_("voor wie, in deze taal"), blank=True)
    steps = models.TextField(
        _("stappen in deze taal"),
        blank=True,
        help_text=_("Eén stap per regel, in dezelfde volgorde als in het Nederlands."),
    )
    description = models.TextField(_("beschrijving in deze taal"), blank=True)

    class Meta(Translation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="unique_service_translation"
            )
        ]


class ProblemTypeTranslation(Translation):
    """A problem type's name and words in another language than Dutch."""

    TRANSLATION_OF = "problem_type"

    problem_type = models.ForeignKey(
        "directory.ProblemType",
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("probleemtype"),
    )
    name = models.CharField(_("naam in deze taal"), max_length=100, blank=True)
    resident_phrase = models.CharField(
        _("in woorden van bewoners, in deze taal"), max_length=120, blank=True
    )
    description = models.TextField(_("uitleg in deze taal"), blank=True)
    synonyms = models.TextField(
        _("zoekwoorden in deze taal"),
        blank=True,
        help_text=_("Woorden die bewoners in deze taal gebruiken, één per regel."),
    )

    class Meta(Translation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["problem_type", "language"], name="unique_problem_type_translation"
            )
        ]
