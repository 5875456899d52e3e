from django import template
from django.utils.html import escape

from glossary.linking import TermLinker

register = template.Library()


@register.simple_tag
def glossary_linker():
    """A linker for one page: ``{% glossary_linker as glossary %}``. It loads the terms (from
    the cache, or in one query) only when a text is linked."""
    return TermLinker()


@register.filter
def glossary_links(text, linker):
    """``{{ service.description|glossary_links:glossary|linebreaksbr }}``: the text escaped, with
    the first occurrence of each term linked to the woordenboek. Without a linker, or for a
    translated text (the woordenboek is Dutch): just escaped."""
    if not isinstance(linker, TermLinker) or getattr(text, "lang", "nl") != "nl":
        return escape(text)
    return linker.link(text)
