"""Links glossary terms where they appear in service texts.

Safety first: the text is plain text written by staff, so it is never marked safe as it is.
The text is cut at the matches, and every piece (matched words included) goes through
``escape`` before our own ``<a>`` markup is put around the matches. Matching happens on the raw
text rather than on its escaped form so that a term can never match inside an entity such as
``&amp;``. One pass over the text with one pattern means a link can never end up inside another.

Rules: each term is linked at its first occurrence only (across all texts given to the same
``TermLinker``), matching is case-insensitive on whole words, and longer forms win over shorter
ones ("verhoogde tegemoetkoming" before "tegemoetkoming").
"""

import functools
import re
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from glossary.models import GlossaryTerm
from pagecache.shared import shared_while_unchanged

CACHE_KEY = "glossary:linkable-terms:v1"
# Saving or deleting a term clears the cache at once in this process; the timeout bounds how
# long other processes can show the old list when the cache is not shared between them.
CACHE_SECONDS = 5 * 60
# Each process also keeps the terms' pattern while the page cache's generation stays the same
# (saving a term replaces it, see pagecache.signals): reading the terms from a shared Redis cost
# a service page about 0.2 ms of CPU.
SHARED_KEY = "glossary:matcher"


@dataclass(frozen=True)
class LinkableTerm:
    term: str
    full_form: str
    url: str
    forms: tuple[str, ...]


def _cache_key(language: str) -> str:
    """One list per interface language: the links point into that language (/fr/woordenboek/)."""
    return f"{CACHE_KEY}:{language}"


def linkable_terms() -> list[LinkableTerm]:
    """The published terms, from the cache or else in one query."""
    key = _cache_key(get_language())
    terms = cache.get(key)
    if terms is None:
        terms = [
            LinkableTerm(
                term=term.term,
                full_form=term.full_form,
                url=term.get_absolute_url(),
                forms=tuple(term.forms()),
            )
            for term in GlossaryTerm.objects.published()
        ]
        cache.set(key, terms, CACHE_SECONDS)
    return terms


def forget_terms() -> None:
    cache.delete_many([_cache_key(code) for code, _ in settings.LANGUAGES])


# Each form's term, and one pattern for all forms (None without terms).
Matcher = tuple[dict[str, LinkableTerm], re.Pattern | None]


@functools.lru_cache(maxsize=16)
def _matcher_for(terms: tuple[LinkableTerm, ...]) -> Matcher:
    """Each form's term and one pattern for all forms, longest first: worked out once per list
    of terms (per language, until a term changes) rather than on every page."""
    by_form: dict[str, LinkableTerm] = {}
    for term in terms:
        for form in term.forms:
            by_form.setdefault(form.casefold(), term)
    forms = sorted(by_form, key=len, reverse=True)
    if not forms:
        return by_form, None
    alternatives = "|".join(re.escape(form) for form in forms)
    return by_form, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class TermLinker:
    """Links the first occurrence of each term, over every text passed to ``link``."""

    def __init__(self, terms: list[LinkableTerm] | None = None):
        """``terms``: these instead of the published ones (read when the first text is linked)."""
        self._terms = terms
        self.linked: set[str] = set()

    @cached_property
    def _matcher(self) -> Matcher:
        if self._terms is not None:
            return _matcher_for(tuple(self._terms))
        return shared_while_unchanged(
            (SHARED_KEY, get_language()), lambda: _matcher_for(tuple(linkable_terms()))
        )

    @property
    def _term_by_form(self) -> dict[str, LinkableTerm]:
        return self._matcher[0]

    @property
    def _pattern(self) -> re.Pattern | None:
        return self._matcher[1]

    def link(self, text) -> SafeString:
        """``text`` escaped, with the first occurrence of each not yet linked term as a link."""
        text = "" if text is None else str(text)
        if self._pattern is None:
            return escape(text)
        pieces, end = [], 0
        for match in self._pattern.finditer(text):
            term = self._term_by_form.get(match.group().casefold())
            if term is None or term.term in self.linked:
                continue
            self.linked.add(term.term)
            pieces.append(escape(text[end : match.start()]))
            pieces.append(self._anchor(term, match.group()))
            end = match.end()
        pieces.append(escape(text[end:]))
        return mark_safe("".join(pieces))  # every piece is escaped or built by format_html

    @staticmethod
    def _anchor(term: LinkableTerm, words: str) -> SafeString:
        if term.full_form and words.casefold() == term.term.casefold():
            return format_html(
                '<a class="glossary-link" href="{}"><abbr title="{}">{}</abbr></a>',
                term.url,
                term.full_form,
                words,
            )
        return format_html('<a class="glossary-link" href="{}">{}</a>', term.url, words)
