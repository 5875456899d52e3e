"""Mark texts that are not in the page's language, so screen readers switch voice.

``<p{{ service.texts.summary|lang_attrs }}>`` adds ` lang="nl"` when the summary is the Dutch
fallback on a French page, and ` dir="ltr"` as well on an Arabic one. ``{% lang_attrs_for "nl" %}``
does the same for a text known to be in one language (names, addresses).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_bidi, get_language_info

register = template.Library()


def language_attributes(lang: str | None) -> SafeString:
    """` lang="…"` and, when the writing direction differs from the page's, ` dir="…"`."""
    current = (get_language() or "").split("-")[0]
    if not lang or lang == current:
        return SafeString("")
    attributes = format_html(' lang="{}"', lang)
    try:
        bidi = get_language_info(lang)["bidi"]
    except KeyError:
        return attributes
    if bidi != get_language_bidi():
        attributes += format_html(' dir="{}"', "rtl" if bidi else "ltr")
    return attributes


@register.filter
def lang_attrs(text) -> SafeString:
    """For a directory.translations.LocalizedText; other values get nothing."""
    return language_attributes(getattr(text, "lang", None))


@register.simple_tag
def lang_attrs_for(lang: str) -> SafeString:
    return language_attributes(lang)
