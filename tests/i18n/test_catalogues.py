"""The translation catalogues in locale/: complete, and up to date with the code.

A string added to a template or to Python code without gettext, or marked but not translated,
fails here: makemessages runs on a copy of the project and every string it finds must have a
finished translation in nl, fr and en. Arabic and Turkish may hold fuzzy entries (a first
translation waiting for review by city staff; Django shows the Dutch text for those), but no
empty ones.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n import po

LOCALE = Path(settings.BASE_DIR) / "locale"
COMPLETE = ["nl", "fr", "en"]
REVIEWED_LATER = ["ar", "tr"]
LANGUAGES = [code for code, _ in settings.LANGUAGES]
NOT_COPIED = [".git", ".venv", "media", "staticfiles", "test-artifacts", "db.sqlite3", "backups"]

pytestmark = pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs gettext (msgfmt)")


def _catalogue(language: str, root: Path = LOCALE) -> list[po.Entry]:
    return po.read(root / language / "LC_MESSAGES" / "django.po")


def _describe(entries: list[po.Entry]) -> str:
    return "\n".join(f"{e.msgid!r} ({', '.join(e.locations)})" for e in entries)


@pytest.fixture(scope="module")
def fresh_locale(tmp_path_factory) -> Path:
    """locale/ as makemessages leaves it after extracting the current code."""
    copy = tmp_path_factory.mktemp("project") / "wegwijs"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_COPIED))
    languages = [arg for code in COMPLETE for arg in ("-l", code)]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *languages, "--verbosity", "0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{copy / 'unused.sqlite3'}"},
    )
    return copy / "locale"


@pytest.mark.parametrize("language", COMPLETE)
def test_every_interface_string_in_the_code_is_translated(fresh_locale, language):
    missing = [e for e in _catalogue(language, fresh_locale) if not e.translated or e.fuzzy]

    assert not missing, (
        f"Not translated in locale/{language} (mark the string for translation, run "
        f"`make messages` and translate it):\n{_describe(missing)}"
    )


def test_the_catalogues_hold_exactly_the_strings_in_the_code(fresh_locale):
    fresh = {e.key for e in _catalogue("nl", fresh_locale)}
    committed = {e.key for e in _catalogue("nl")}

    assert not fresh - committed, "Run `make messages`: new strings are missing from locale/"
    assert not committed - fresh, "Run `make messages`: locale/ holds strings no longer used"


@pytest.mark.parametrize("language", LANGUAGES)
def test_all_languages_have_the_same_strings(language):
    assert {e.key for e in _catalogue(language)} == {e.key for e in _catalogue("nl")}


@pytest.mark.parametrize("language", COMPLETE)
def test_dutch_french_and_english_are_complete_and_reviewed(language):
    unfinished = [e for e in _catalogue(language) if not e.translated or e.fuzzy]

    assert not unfinished, f"Untranslated or fuzzy in {language}:\n{_describe(unfinished)}"


def test_dutch_repeats_its_source_strings():
    different = [
        e
        for e in _catalogue("nl")
        if e.msgstr[0] != e.msgid or (e.msgid_plural and e.msgstr[1] != e.msgid_plural)
    ]

    assert not different, _describe(different)


@pytest.mark.parametrize("language", REVIEWED_LATER)
def test_arabic_and_turkish_have_a_translation_for_every_string(language):
    empty = [e for e in _catalogue(language) if not e.translated]

    assert not empty, _describe(empty)


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_plural_forms_are_valid(language, tmp_path):
    result = subprocess.run(
        [
            "msgfmt",
            "--check",
            "-o",
            str(tmp_path / "django.mo"),
            str(LOCALE / language / "LC_MESSAGES" / "django.po"),
        ],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
