"""No text in the resident templates escapes translation.

makemessages only sees strings that are marked; this test reads every template the residents
see and fails on visible text or on a label attribute (aria-label, title, alt, placeholder, the
meta description) outside {% translate %} / {% blocktranslate %}, or outside ``{{ _("…") }}`` in
the Jinja2 templates of templates-jinja2/ (config/jinja2.py).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

ROOTS = [Path(settings.BASE_DIR) / name for name in ("templates", "templates-jinja2")]
STAFF_ONLY = {"admin", "staff"}
NOT_TEXT = {"script", "style", "code", "pre"}
LABELS = {"aria-label", "title", "alt", "placeholder"}
UNTRANSLATED_WORDS = {"Wegwijs"}
WORD = re.compile(r"[^\W\d_]{2,}")
TAG = " "


def _outside_translation(source: str) -> str:
    """The template's own text, with tags and variables replaced by a space and the contents of
    translation blocks and comments left out."""
    pieces, depth = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in {"blocktranslate", "blocktrans", "comment"}:
                depth += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                depth -= 1
            pieces.append(TAG)
        elif token.token_type == TokenType.TEXT and not depth:
            pieces.append(token.contents)
        elif token.token_type == TokenType.VAR:
            pieces.append(TAG)
    return "".join(pieces)


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.skipping = [], []

    def handle_starttag(self, tag, attrs):
        if tag in NOT_TEXT:
            self.skipping.append(tag)
        values = dict(attrs)
        for name, value in attrs:
            is_label = name in LABELS or (name == "content" and values.get("name") == "description")
            if is_label and value:
                self._check(value, f"{tag}[{name}]")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self._check(data, "text")

    def _check(self, text, where):
        words = [word for word in WORD.findall(text) if word not in UNTRANSLATED_WORDS]
        if words:
            self.found.append(f"{where}: {' '.join(text.split())}")


def untranslated(source: str) -> list[str]:
    finder = _TextFinder()
    finder.feed(_outside_translation(source))
    finder.close()
    return finder.found


def _resident_templates():
    return sorted(
        path
        for root in ROOTS
        for path in root.rglob("*.html")
        if not STAFF_ONLY & set(path.relative_to(root).parts)
    )


def _name(path: Path) -> str:
    return str(path.relative_to(Path(settings.BASE_DIR)))


@pytest.mark.parametrize("path", _resident_templates(), ids=_name)
def test_every_text_in_the_template_is_marked_for_translation(path):
    assert untranslated(path.read_text(encoding="utf-8")) == []


def test_unmarked_text_and_labels_are_found():
    source = (
        '{% load i18n %}<nav aria-label="Hoofdmenu"><a href="{% url "x" %}">Alle hulp</a>'
        "{% translate 'Woordenboek' %}{% blocktranslate %}Hallo {{ naam }}{% endblocktranslate %}"
        '<img alt="{% translate "Logo" %}"> Wegwijs <script>let x = "tekst";</script></nav>'
    )

    assert untranslated(source) == ["nav[aria-label]: Hoofdmenu", "text: Alle hulp"]


def test_unmarked_text_in_a_jinja2_template_is_found():
    source = (
        '<p class="facts">{{ _("Gratis") }} Tolk mogelijk'
        '{% if x %}<a title="Meer">x</a>{% endif %}</p>'
    )

    assert untranslated(source) == ["text: Tolk mogelijk", "a[title]: Meer"]
