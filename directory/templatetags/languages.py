"""The language switcher's links: the same page and filters in each interface language."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    absolute_url: str
    bidi: bool
    current: bool


def language_path(path: str, code: str) -> str:
    """path (with its query string) in the language code: /fr/diensten/?stad=gent for fr.

    Pages Django can resolve go through translate_url; others (a 404) swap the prefix, so the
    switcher still shows the same address in another language.
    """
    translated = translate_url(path, code)
    if translated != path or code == get_language():
        return translated
    prefixes = {f"/{other}/" for other, _ in settings.LANGUAGES}
    bare = next((path[len(p) - 1 :] for p in prefixes if path.startswith(p)), path)
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        LanguageLink(
            code=code,
            name=name,
            url=(url := language_path(path, code)),
            absolute_url=request.build_absolute_uri(url) if request else url,
            bidi=get_language_info(code)["bidi"],
            current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]
