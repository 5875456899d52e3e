"""The Jinja2 environment of the templates in templates-jinja2/ (issue 18).

Pages are Django templates. The parts a page repeats many times (the result cards of a list,
each of which Django's template engine took about 0.4 ms to render) are Jinja2 templates,
which compile to Python: ``{% jinja "directory/_service_cards.html" services=... %}``
(directory.templatetags.jinja) renders one inside a Django template. They offer what those
parts need of Django: ``_()`` (gettext, so that makemessages finds the strings), Django's
``floatformat``, the language marks of directory.templatetags.localized and the notes of the
referral card's "Zet op kaart" form. Like Django's engine, an undefined value renders as
nothing, also at the end of a chain (``service.organization.name`` without an organisation).

This module wires helpers of several apps together, as config.urls does, so it sits in the
top layer.
"""

import functools
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language, gettext, override
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup, escape

from directory.templatetags.localized import dutch, lang_attrs, lang_attrs_for, ltr
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


def environment(**options) -> Environment:
    env = Environment(
        **{**options, "undefined": ChainableUndefined, "trim_blocks": True, "lstrip_blocks": True}
    )
    env.globals.update(_=translated, lang_attrs_for=lang_attrs_for, card_notes=messages_about)
    env.filters.update(floatformat=floatformat, lang_attrs=lang_attrs, dutch=dutch, ltr=ltr)
    return env
