"""Print layouts and card languages, kept as data so the renderer and the forms share them.

The page size itself lives in static/css/card.css as a named @page per layout (``page: a4`` …), so
a browser printing the HTML view and WeasyPrint rendering the PDF read the same rules.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    help_text: str
    width_mm: float
    height_mm: float
    max_channels: int  # contact channels printed per service
    one_service_per_page: bool = False


LAYOUTS = {
    layout.key: layout
    for layout in (
        Layout(
            key="a4",
            label=_("A4, volledige pagina"),
            help_text=_("Veel plaats: alle gekozen contactgegevens en een afspraak per dienst."),
            width_mm=210,
            height_mm=297,
            max_channels=6,
        ),
        Layout(
            key="a5",
            label=_("A5, halve pagina"),
            help_text=_("Handig formaat om mee te geven. Twee kaarten op één A4."),
            width_mm=148,
            height_mm=210,
            max_channels=4,
        ),
        Layout(
            key="zakkaart",
            label=_("Zakkaart: A4 in drie gevouwen"),
            help_text=_("Liggend A4, in drie gevouwen tot een folder die in een jaszak past."),
            width_mm=297,
            height_mm=210,
            max_channels=3,
        ),
        Layout(
            key="bankkaart",
            label=_("Kaartje, formaat bankkaart"),
            help_text=_("Eén kaartje per dienst (85,6 × 54 mm), past in een portefeuille."),
            width_mm=85.6,
            height_mm=54,
            max_channels=2,
            one_service_per_page=True,
        ),
    )
}
DEFAULT_LAYOUT = "a4"
LAYOUT_CHOICES = [(layout.key, layout.label) for layout in LAYOUTS.values()]

# Languages for the card's fixed texts (labels, hints, urgent numbers, see referrals.card_texts);
# a service's summary follows when it has a translation (directory.translations), the rest of its
# data stays as entered. To add one: add it here (it must be in settings.LANGUAGES) and translate
# the card strings in locale/<code>/LC_MESSAGES.
CARD_LANGUAGES = [
    ("nl", _("Nederlands")),
    ("fr", _("Frans")),
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("tr", _("Turks")),
]
DEFAULT_CARD_LANGUAGE = "nl"
