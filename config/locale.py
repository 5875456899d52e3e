"""The interface language, taken from the URL only.

Resident pages live under i18n_patterns with an unprefixed Dutch default (config/urls.py), so a
URL always names its language: /diensten/ is Dutch whatever the browser asks, /fr/diensten/ is
French. Django's LocaleMiddleware already decides so, but still adds ``Vary: Accept-Language`` to
every unprefixed response; this one leaves it off, so caches keep one copy per URL.
"""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class UrlLanguageMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
