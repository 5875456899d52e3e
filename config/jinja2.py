"""The Jinja2 environment of the templates in templates-jinja2/ (issue 18).

Pages are Django templates. What costs most to render is in Jinja2, which compiles a template
to Python: the result cards of the lists (Django's engine took 0.38 ms a card, twenty a page),
the body of the service page and the language switcher of every page. A Django template
renders one with ``{% jinja "directory/_service_cards.html" services=... %}``
(directory.templatetags.jinja). They get what they need of Django here: ``_()`` (gettext, which
makemessages finds in them), Django's filters for numbers, dates and line breaks, the language
marks of directory.templatetags.localized, the glossary's links and the notes of the referral
card's "Zet op kaart" form. As in Django's engine, an undefined value renders as nothing, also
at the end of a chain (``service.successor.name`` without a successor).

This module wires helpers of several apps together, as config.urls does, so it sits in the
top layer.
"""

import functools
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import capfirst, date, floatformat, linebreaksbr, time
from django.utils.translation import get_language, gettext, override
from jinja2 import ChainableUndefined, Environment, Template
from markupsafe import Markup, escape

from directory.templatetags.localized import dutch, lang_attrs, lang_attrs_for, ltr
from glossary.linking import TermLinker
from glossary.templatetags.glossary import glossary_links
from referrals.card_notes import messages_about


def translated(message: str) -> Markup:
    """The translation of ``message`` in the active language, escaped:
    ``_("€ %(amount)s per gesprek")|format(...)`` then escapes the values it is given, as
    Django's blocktranslate does."""
    return translator(get_language())(message)


@functools.cache
def translator(language: str | None) -> Callable[[str], Markup]:
    """``_`` for one language. A card asks for eight texts, a list for 160: each is looked up
    once per process (Django keeps the catalogues for as long), not through gettext's
    context-local language every time."""

    @functools.lru_cache(maxsize=4096)
    def translated_into(message: str) -> Markup:
        with override(language):
            return escape(gettext(message))

    return translated_into


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        translator.cache_clear()


class TranslatingTemplate(Template):
    """A template whose ``_`` is the active language's, found once per render: through the
    global, each ``_()`` looked the language up again (160 times for a list's twenty cards)."""

    def render(self, *args, **kwargs) -> str:
        values = dict(*args, **kwargs)
        values.setdefault("_", translator(get_language()))
        return super().render(values)


def environment(**options) -> Environment:
    env = Environment(**{**options, "undefined": ChainableUndefined})
    env.template_class = TranslatingTemplate
    env.globals.update(
        _=translated,
        lang_attrs_for=lang_attrs_for,
        card_notes=messages_about,
        glossary_linker=TermLinker,
    )
    env.filters.update(
        floatformat=floatformat,
        date=date,
        time=time,
        capfirst=capfirst,
        linebreaksbr=linebreaksbr,
        lang_attrs=lang_attrs,
        dutch=dutch,
        ltr=ltr,
        glossary_links=glossary_links,
    )
    return env
