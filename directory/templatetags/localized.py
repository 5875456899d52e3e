"""Mark texts that are not in the page's language, so screen readers switch voice.

``<p{{ service.texts.summary|lang_attrs }}>`` adds ` lang="nl"` when the summary is the Dutch
fallback on a French page, and ` dir="ltr"` as well on an Arabic one. ``{% lang_attrs_for "nl" %}``
does the same for a text known to be in one language (names, addresses).

``{{ name|dutch }}`` wraps a Dutch text (a name, a label, an address) that sits inline in a
sentence of the page's language in such a span; on a Dutch page it stays as it is.
``{{ channel.value|ltr }}`` isolates a phone number, postcode, time, e-mail address or URL and
runs it left to right on every page: in Arabic, "0800 13 500" must not become "500 13 0800".
``<bdi>`` alone is not enough: WeasyPrint (the card's PDF) gives a run of digits the direction of
the paragraph around it, so the direction is written out.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

register = template.Library()


def language_attributes(lang: str | None, page_language: str | None = None) -> SafeString:
    """` lang="…"` and, when the writing direction differs from the page's, ` dir="…"`.

    The page's language is the active one unless ``page_language`` says otherwise."""
    current = (page_language or get_language() or "").split("-")[0]
    if not lang or lang == current:
        return SafeString("")
    attributes = format_html(' lang="{}"', lang)
    if is_rtl(lang) != is_rtl(current):
        attributes += format_html(' dir="{}"', "rtl" if is_rtl(lang) else "ltr")
    return attributes


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written from right to left (False when Django does not know it)."""
    try:
        return get_language_info(lang)["bidi"]
    except KeyError:
        return False


@register.filter
def lang_attrs(text) -> SafeString:
    """For a directory.translations.LocalizedText; other values get nothing."""
    return language_attributes(getattr(text, "lang", None))


@register.simple_tag
def lang_attrs_for(lang: str) -> SafeString:
    return language_attributes(lang)


@register.filter(is_safe=True)
def dutch(text) -> SafeString:
    """A Dutch text inline on a page in another language: in a span with lang (and dir)."""
    if text in (None, ""):
        return SafeString("")
    attributes = language_attributes("nl")
    if not attributes:
        return conditional_escape(text)
    return format_html("<span{}>{}</span>", attributes, text)


@register.filter(is_safe=True)
def ltr(value) -> SafeString:
    """A number, time, e-mail address or URL: isolated and left to right, whatever the page."""
    if value in (None, ""):
        return SafeString("")
    return format_html('<bdi dir="ltr">{}</bdi>', value)
