"""The woordenboek: plain-language (B1) explanations of the words that stand between people and
help, such as CAW, OCMW or doorverwijzing."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class GlossaryTermQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, query: str):
        """Terms whose word, full form, other forms or explanation contain the query."""
        return self.filter(
            models.Q(term__icontains=query)
            | models.Q(full_form__icontains=query)
            | models.Q(variants__icontains=query)
            | models.Q(explanation__icontains=query)
        )


class GlossaryTermManager(models.Manager.from_queryset(GlossaryTermQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class GlossaryTerm(models.Model):
    term = models.CharField(
        _("woord"), max_length=80, unique=True, help_text=_("Zoals het in de teksten staat.")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    full_form = models.CharField(
        _("voluit"),
        max_length=160,
        blank=True,
        help_text=_(
            "Voor een afkorting: wat ze betekent. Bijvoorbeeld: Centrum Algemeen Welzijnswerk."
        ),
    )
    variants = models.TextField(
        _("andere vormen"),
        blank=True,
        help_text=_("Andere vormen van het woord, één per regel. Bijvoorbeeld: doorverwijzen."),
    )
    explanation = models.TextField(
        _("uitleg"), help_text=_("Twee of drie korte zinnen in eenvoudige taal (niveau B1).")
    )
    is_published = models.BooleanField(_("gepubliceerd"), default=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = GlossaryTermManager()

    class Meta:
        ordering = [Lower("term")]
        verbose_name = _("woord")
        verbose_name_plural = _("woordenboek")

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return f"{reverse('glossary:index')}#{self.anchor}"

    def natural_key(self):
        return (self.slug,)

    @property
    def anchor(self) -> str:
        return f"woord-{self.slug}"

    @property
    def variant_list(self) -> list[str]:
        return [line.strip() for line in self.variants.splitlines() if line.strip()]

    @property
    def initial(self) -> str:
        return self.term[:1].upper()

    def forms(self) -> list[str]:
        """Every form that is linked to this term in service texts."""
        forms = [self.term, self.full_form, *self.variant_list]
        return list(dict.fromkeys(form for form in forms if form))
