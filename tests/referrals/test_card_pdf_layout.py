"""The PDF card in every layout and language, read back from the bytes: phone numbers keep their
digits in order on Arabic and bilingual cards, no two words print over each other and no word
sticks into the margin.

The cards hold four demo services with the numbers, e-mail addresses, walk-in addresses and
websites that broke before (0800 13 500 printed as "500 13 0800" on an Arabic card, "الحضور بدون
موعد" printed over "Aalst"). Each is rendered once for the module, when a test first needs it.
"""

import functools
import io
import itertools
import re
import shutil
import subprocess

import pdfplumber
import pytest
from django.db import transaction
from pypdf import PdfReader

from directory.models import Service
from referrals.card import build_card
from referrals.layouts import LAYOUTS
from referrals.pdf import render_card_pdf
from referrals.session import CardEntry, CardState

SLUGS = [
    "caw-onthaal-aalst",  # 0800 13 500, e-mail, walk-in address, website
    "dienst-samenleving-aalst",  # 053 72 32 07 with hours, e-mail, walk-in address
    "eerstelijnspsychologen-gent-volwassenen",  # website, 09 210 10 10
    "mobiele-ggz-werker-aalst",  # 053 76 21 48, 0492 13 30 08
]
# language of the fixed texts, bilingual (Dutch and that language)
LANGUAGES = {
    "nl": ("nl", False),
    "fr": ("fr", False),
    "en": ("en", False),
    "ar": ("ar", False),
    "tr": ("tr", False),
    "nl+ar": ("ar", True),
    "nl+tr": ("tr", True),
}
CASES = list(itertools.product(LAYOUTS, LANGUAGES))
CASE_IDS = [f"{layout}-{language}" for layout, language in CASES]
# The sheet's margin in mm (static/css/card.css, @page), less the bank card's coloured band.
MARGINS_MM = {"a4": (14, 12), "a5": (10, 9), "zakkaart": (6, 8), "bankkaart": (2, 1.5)}
MM = 72 / 25.4
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def render(layout, key):
    """(phone numbers printed, PDF bytes) of the card of the four services."""
    language, bilingual = LANGUAGES[key]
    state = CardState(
        entries=[CardEntry(Service.objects.get(slug=slug).pk) for slug in SLUGS],
        layout=layout,
        language=language,
        bilingual=bilingual,
    )
    card = build_card(state, base_url="https://wegwijs.example/")
    numbers = [
        channel.value for item in card.services for channel in item.channels if channel.is_phone
    ]
    return numbers, render_card_pdf(card).content


class Cards(dict):
    """{(layout, language): (phone numbers printed, PDF bytes)}, each case rendered when a test
    first asks for it (pytest-xdist spreads the cases over its workers), over the demo restored
    in a transaction rolled back afterwards."""

    def __init__(self, demo_snapshot, django_db_blocker):
        super().__init__()
        self.demo_snapshot, self.django_db_blocker = demo_snapshot, django_db_blocker

    def __missing__(self, case):
        with self.django_db_blocker.unblock(), transaction.atomic():
            self.demo_snapshot.restore()
            self[case] = render(*case)
            transaction.set_rollback(True)
        return self[case]


@pytest.fixture(scope="module")
def cards(demo_snapshot, django_db_blocker):
    return Cards(demo_snapshot, django_db_blocker)


def plain(text: str) -> str:
    """Extracted text without the bidi control characters extractors add, spaces collapsed."""
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", text))


def pypdf_text(content: bytes) -> str:
    return plain(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def pdftotext(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return plain(result.stdout.decode())


def words_of(page):
    """Words in the order they were written: overlapping texts stay apart."""
    return page.extract_words(use_text_flow=True, x_tolerance=1.5, y_tolerance=2)


@functools.cache
def pages_of(content: bytes):
    """(width, height, words) of each page: read once per PDF, for the tests that share it."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [(page.width, page.height, words_of(page)) for page in pdf.pages]


def overlap(a, b) -> float:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return min(width, height)


@pytest.mark.parametrize(("layout", "language"), CASES, ids=CASE_IDS)
def test_every_phone_number_keeps_its_digits_in_order(cards, layout, language):
    numbers, content = cards[layout, language]
    assert numbers, "the card prints phone numbers"
    for text in (pypdf_text(content), pdftotext(content)):
        for number in numbers:
            assert number in text, f"{number!r} not in order in: {text[:400]}"


def test_the_numbers_from_the_report_are_on_the_arabic_cards(cards):
    """The three numbers reported reversed ("500 13 0800", "10 10 210 09", "07 32 72 053")."""
    numbers, content = cards["a4", "ar"]
    text = pdftotext(content)

    for number in ("0800 13 500", "09 210 10 10", "053 72 32 07"):
        assert number in numbers
        assert number in text
    for reversed_number in ("500 13 0800", "10 10 210 09", "07 32 72 053"):
        assert reversed_number not in text


@pytest.mark.parametrize(("layout", "language"), CASES, ids=CASE_IDS)
def test_no_two_words_print_over_each_other(cards, layout, language):
    _numbers, content = cards[layout, language]
    for number, (_width, _height, words) in enumerate(pages_of(content), start=1):
        assert words
        clashes = [
            (a["text"], b["text"])
            for a, b in itertools.combinations(words, 2)
            if overlap(a, b) > 0.5
        ]
        assert not clashes, f"page {number}: {clashes[:5]}"


@pytest.mark.parametrize(("layout", "language"), CASES, ids=CASE_IDS)
def test_no_word_sticks_into_the_margin(cards, layout, language):
    _numbers, content = cards[layout, language]
    side, top = (value * MM - 0.5 for value in MARGINS_MM[layout])
    for number, (width, height, words) in enumerate(pages_of(content), start=1):
        outside = [
            word["text"]
            for word in words
            if word["x0"] < side
            or word["x1"] > width - side
            or word["top"] < top
            or word["bottom"] > height - top
        ]
        assert not outside, f"page {number}: {outside[:5]}"


POCKET_LANGUAGES = list(LANGUAGES)


@pytest.mark.parametrize("language", POCKET_LANGUAGES)
def test_the_pocket_card_fills_all_three_panels_and_no_word_crosses_a_fold(cards, language):
    _numbers, content = cards["zakkaart", language]
    _width, _height, words = pages_of(content)[0]
    folds = (99 * MM, 198 * MM)
    panels = [0, 0, 0]
    for word in words:
        middle = (word["x0"] + word["x1"]) / 2
        panels[sum(middle > fold for fold in folds)] += 1
        for fold in folds:
            assert not word["x0"] < fold < word["x1"], f"{word['text']!r} crosses a fold"
    # 4 services: no panel holds less than half of another one
    assert min(panels) * 2 >= max(panels), panels


@pytest.mark.parametrize("language", POCKET_LANGUAGES)
def test_the_pocket_card_has_dashed_fold_marks_on_both_folds(cards, language):
    _numbers, content = cards["zakkaart", language]
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        vertical = [
            shape["x0"] / MM
            for shape in page.lines + page.rects
            if shape["x1"] - shape["x0"] < 1 and shape["bottom"] - shape["top"] > 150 * MM
        ]
    for fold in (99, 198):
        assert any(abs(x - fold) < 1 for x in vertical), (fold, vertical)


@pytest.mark.parametrize(("layout", "language"), list(itertools.product(LAYOUTS, ["nl", "fr"])))
def test_qr_captions_are_at_least_8_pt_on_full_cards(cards, layout, language):
    if LAYOUTS[layout].one_service_per_page:
        pytest.skip("the bank card has no room for 8 pt captions beside its QR codes")
    _numbers, content = cards[layout, language]
    first_word = {"nl": "Scan", "fr": "Scannez"}[language]
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        sizes = [
            word["size"]
            for word in pdf.pages[0].extract_words(extra_attrs=["size"])
            if word["text"] == first_word
        ]
    assert sizes, f"no caption starting with {first_word!r}"
    assert min(sizes) >= 7.95
