"""The language switcher's links: the same page and filters in each interface language."""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    absolute_url: str
    bidi: bool
    current: bool


def language_paths(path: str) -> dict[str, str]:
    """path (with its query string) in each interface language: /fr/diensten/?stad=gent for fr.

    Django's translate_url, with the path resolved once rather than once per language. Pages
    Django cannot resolve or reverse (a 404) swap the prefix, so the switcher still shows the
    same address in another language.
    """
    parsed = urlsplit(path)
    try:
        match = resolve(unquote(parsed.path))
    except Resolver404:
        match = None
    current = get_language()
    paths = {}
    for code, _name in settings.LANGUAGES:
        translated = _reversed(match, parsed, code) if match else None
        if translated is None or (translated == path and code != current):
            translated = _with_prefix(path, code)
        paths[code] = translated
    return paths


def _reversed(match, parsed, code: str) -> str | None:
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            found = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    return urlunsplit((parsed.scheme, parsed.netloc, found, parsed.query, parsed.fragment))


def _with_prefix(path: str, code: str) -> str:
    prefixes = {f"/{other}/" for other, _ in settings.LANGUAGES}
    bare = next((path[len(p) - 1 :] for p in prefixes if path.startswith(p)), path)
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


def language_path(path: str, code: str) -> str:
    return language_paths(path)[code]


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    paths = language_paths(path)
    return [
        LanguageLink(
            code=code,
            name=name,
            url=(url := paths[code]),
            absolute_url=request.build_absolute_uri(url) if request else url,
            bidi=get_language_info(code)["bidi"],
            current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]
