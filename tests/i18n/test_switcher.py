"""The language switcher: plain links to the same page and filters in each language."""

import re

import pytest
from django.utils import translation

from directory.templatetags.languages import language_path

pytestmark = pytest.mark.django_db


def _switcher(content):
    return re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)


def _links(content):
    """{code: (href, attributes)} of the switcher's links."""
    return {
        m.group("code"): (m.group("href").replace("&amp;", "&"), m.group(0))
        for m in re.finditer(
            r'<a href="(?P<href>[^"]*)" lang="(?P<code>[a-z]+)"[^>]*>', _switcher(content)
        )
    }


def test_the_switcher_keeps_the_page_and_its_filters(client, city):
    content = client.get("/diensten/?stad=gent&gratis=1").content.decode()

    # The filters, in the page cache's normalised order (known parameters, sorted).
    links = _links(content)
    assert links["fr"][0] == "/fr/diensten/?gratis=1&stad=gent"
    assert links["ar"][0] == "/ar/diensten/?gratis=1&stad=gent"
    assert links["nl"][0] == "/diensten/?gratis=1&stad=gent"


def test_the_switcher_leads_back_to_dutch_without_a_prefix(client, city):
    content = client.get("/tr/diensten/?stad=gent&q=eenzaam").content.decode()

    assert _links(content)["nl"][0] == "/diensten/?q=eenzaam&stad=gent"
    assert _links(content)["en"][0] == "/en/diensten/?q=eenzaam&stad=gent"


def test_each_link_names_its_language_in_that_language(client, db):
    switcher = _switcher(client.get("/en/").content.decode())

    assert '<nav class="language-switcher" aria-label="Language of the website">' in switcher
    for code, name in [("nl", "Nederlands"), ("fr", "Français"), ("ar", "العربية")]:
        assert re.search(rf'lang="{code}" hreflang="{code}"[^>]*>{name}</a>', switcher)
    assert 'dir="rtl"' in _links(switcher)["ar"][1]


def test_only_the_current_language_is_marked_current(client, db):
    links = _links(client.get("/fr/woordenboek/").content.decode())

    assert [code for code, (_, tag) in links.items() if "aria-current" in tag] == ["fr"]


def test_the_head_names_the_page_in_every_language(client, db):
    content = client.get("/fr/woordenboek/?q=caw").content.decode()

    assert '<link rel="alternate" hreflang="nl" href="http://testserver/woordenboek/?q=caw">' in (
        content
    )
    assert (
        '<link rel="alternate" hreflang="ar" href="http://testserver/ar/woordenboek/?q=caw">'
        in content
    )


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        ("/diensten/?stad=gent", "fr", "/fr/diensten/?stad=gent"),
        ("/fr/diensten/?stad=gent", "nl", "/diensten/?stad=gent"),
        ("/fr/onbekend/?x=1", "tr", "/tr/onbekend/?x=1"),
        ("/en/onbekend/", "nl", "/onbekend/"),
        ("/onbekend/", "ar", "/ar/onbekend/"),
    ],
)
def test_language_path_swaps_only_the_prefix(path, code, expected):
    language = path.split("/")[1] if path.split("/")[1] in {"fr", "en", "tr"} else "nl"
    with translation.override(language):
        assert language_path(path, code) == expected


def test_a_path_is_resolved_once_whatever_its_query_string(monkeypatch):
    """Issue 18: a page-cache miss of a page seen before (another search word, another card)
    costs no resolve and no reverse per language."""
    from directory.templatetags import languages

    languages._reversed_paths.cache_clear()
    resolved = []
    resolve = languages.resolve
    monkeypatch.setattr(languages, "resolve", lambda path: resolved.append(path) or resolve(path))
    with translation.override("nl"):
        for word in ("huur", "eenzaam", "schulden"):
            assert languages.language_paths(f"/diensten/?q={word}")["fr"] == (
                f"/fr/diensten/?q={word}"
            )
    with translation.override("fr"):
        assert languages.language_paths("/fr/diensten/?q=loyer")["nl"] == "/diensten/?q=loyer"

    assert resolved == ["/diensten/", "/fr/diensten/"]
