"""The card's fixed texts, printed in the card's language, or in Dutch and that language.

The msgids are the ones the card template used, so locale/*/LC_MESSAGES keep translating them.
A bilingual card prints each text in Dutch with the client's language under or next to it,
marked with its own lang and dir so screen readers and the PDF's text layer get it right.
"""

from datetime import date

from django.utils import formats, translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from directory.models import ContactChannel
from directory.templatetags.localized import language_attributes

CARD_TEXTS = {
    "title": _("Doorverwijskaart"),
    "logo": _("Logo"),
    "logo_of": _("Logo van %(organisation)s"),
    "for_client": _("Voor %(name)s"),
    "intro": _("Deze diensten kunnen je helpen. Neem contact op of ga langs. Neem deze kaart mee."),
    "scan": _("Scan voor info"),
    "scan_latest": _("Scan voor de laatste info"),
    "appointment": _("Afspraak:"),
    "address": _("Adres"),
    "given_by": _("Gegeven door"),
    "phone_short": _("tel."),
    "urgent": _("Dringend in gevaar? Bel 112. Denk je aan zelfdoding? Bel gratis 1813."),
    "made_on": _(
        "Gemaakt op %(date)s met Wegwijs. Gegevens kunnen veranderen: scan de QR-code voor de "
        "laatste info."
    ),
}
_CHANNEL_KINDS = dict(ContactChannel.Kind.choices)


def text_in(language: str, text, params: dict | None = None) -> str:
    """One lazy text in ``language``; dates among the params are written in it too."""
    with translation.override(language):
        if not params:
            return str(text)
        return str(text) % {
            name: formats.date_format(value, "j F Y") if isinstance(value, date) else value
            for name, value in params.items()
        }


def render_text(languages: list[str], text, params: dict | None = None) -> SafeString:
    """The text in the first language, then in each other one in a span marked with its
    lang and dir (relative to the first, which is the page's language)."""
    first, *others = languages
    html = escape(text_in(first, text, params))
    for language in others:
        html += format_html(
            '<span class="second-language"{}>{}</span>',
            language_attributes(language, page_language=first),
            text_in(language, text, params),
        )
    return html


def plain_text(languages: list[str], text, params: dict | None = None) -> str:
    """For attributes and the title, where no markup fits: the texts joined with " / "."""
    return " / ".join(text_in(language, text, params) for language in languages)


def card_text(languages: list[str], key: str, **params) -> SafeString:
    return render_text(languages, CARD_TEXTS[key], params)


def channel_kind(languages: list[str], kind: str) -> SafeString:
    return render_text(languages, _CHANNEL_KINDS.get(kind, kind))
