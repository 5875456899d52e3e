"""The language switcher's links: the same page and filters in each interface language."""

import functools
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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
    current = get_language()
    paths = {}
    for code, found in _reversed_paths(parsed.path, current).items():
        translated = None
        if found is not None:
            translated = urlunsplit((parsed.scheme, parsed.netloc, found, *parsed[3:]))
        if translated is None or (translated == path and code != current):
            translated = _with_prefix(path, code)
        paths[code] = translated
    return paths


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _reversed_paths.cache_clear()


@functools.lru_cache(maxsize=4096)
def _reversed_paths(path: str, current: str) -> dict[str, str | None]:
    """The path without its query string in each language, or None where Django cannot
    resolve or reverse it. Kept per path and active language (which the language prefix is
    resolved against): a page-cache miss of a page seen before (other filters, another card)
    then costs no resolve and no five reverses."""
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return dict.fromkeys(code for code, _name in settings.LANGUAGES)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    paths = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                paths[code] = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                paths[code] = None
    return paths


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
