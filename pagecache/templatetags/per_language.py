"""``{% once_per_language %}…{% endonce_per_language %}``: a part of a template that depends on
nothing but the active language (translated texts, links to fixed pages, static files) is
rendered once per language and process, and then repeated.

The parts of base.html that are the same on every page (the urgent-help bar, the menu, the
footer) took half of its render time, on every page-cache miss of every page (issue 18). What
is inside must not show the request, the visitor, the page's object or the time: the first
render in each language is the one every later page gets. Template changes start over with
their new nodes (a reloaded template makes new ones); a setting that changes what a link or a
translation looks like (in tests) forgets them all.
"""

import threading

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

_generation = 0


@receiver(setting_changed)
def _forget_rendered(**kwargs):
    global _generation
    _generation += 1


class OncePerLanguageNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.generation = _generation
        self.rendered: dict[str | None, SafeString] = {}
        self.lock = threading.Lock()

    def render(self, context):
        language = get_language()
        if self.generation == _generation:
            found = self.rendered.get(language)
            if found is not None:
                return found
        html = SafeString(self.nodelist.render(context))
        with self.lock:
            if self.generation != _generation:
                self.rendered, self.generation = {}, _generation
            self.rendered[language] = html
        return html


@register.tag
def once_per_language(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("once_per_language takes no arguments.")
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    return OncePerLanguageNode(nodelist)
