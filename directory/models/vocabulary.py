"""The residents' vocabulary: the words and phrases people use for a problem type, per language.

Search maps a resident's words onto problem types through these terms (directory.search), and
corrects typos against them. Staff edit them in the admin, with history (staff.models).
"""

import json
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.taxonomy import ProblemType

VOCABULARY_LANGUAGES = [
    ("nl", _("Nederlands")),
    ("fr", _("Frans")),
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("tr", _("Turks")),
]


class SearchTermManager(models.Manager):
    def get_by_natural_key(self, problem_slug, language, phrase):
        return self.get(problem_type__slug=problem_slug, language=language, phrase=phrase)

    def load_file(self, path) -> int:
        """Add the terms of a vocabulary file (fixtures/vocabulary.json: a list of
        {"problem_type": slug, "language", "phrase", "is_crisis"}) in one statement; terms that
        exist keep their row and take the file's crisis flag. Returns the number of terms.

        Faster than loaddata (one query instead of several per term), which matters for the
        demo that every test loads; bulk writes skip signals, so the page cache is told here."""
        from pagecache.pages import forget_all_pages

        terms = json.loads(Path(path).read_text(encoding="utf-8"))
        problems = dict(ProblemType.objects.values_list("slug", "pk"))
        rows = [
            self.model(
                problem_type_id=problems[term["problem_type"]],
                language=term["language"],
                phrase=term["phrase"],
                is_crisis=term.get("is_crisis", False),
            )
            for term in terms
        ]
        self.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["problem_type", "language", "phrase"],
            update_fields=["is_crisis"],
        )
        forget_all_pages()
        return len(rows)


class SearchTerm(models.Model):
    """A word or phrase a resident uses for a problem type ("mijn lief", "deurwaarder")."""

    problem_type = models.ForeignKey(
        ProblemType,
        on_delete=models.CASCADE,
        related_name="search_terms",
        verbose_name=_("probleemtype"),
    )
    language = models.CharField(_("taal"), max_length=2, choices=VOCABULARY_LANGUAGES, default="nl")
    phrase = models.CharField(
        _("woord of zinsdeel"),
        max_length=120,
        help_text=_("Zoals een bewoner het zegt, bijvoorbeeld: ik kan de huur niet betalen."),
    )
    is_crisis = models.BooleanField(
        _("crisis"),
        default=False,
        help_text=_(
            "Wie dit zoekt, is misschien in acuut gevaar: toon bovenaan de crisishulp "
            "(1813, 112, chat)."
        ),
    )

    objects = SearchTermManager()

    class Meta:
        ordering = ["problem_type", "language", "phrase"]
        verbose_name = _("zoekwoord")
        verbose_name_plural = _("zoekwoorden van bewoners")
        constraints = [
            models.UniqueConstraint(
                fields=["problem_type", "language", "phrase"], name="unique_search_term"
            )
        ]

    def __str__(self):
        return self.phrase

    def natural_key(self):
        return (self.problem_type.slug, self.language, self.phrase)

    natural_key.dependencies = ["directory.problemtype"]
