"""``{% jinja "directory/_service_cards.html" services=page_obj.object_list %}``: a Jinja2
template of templates-jinja2/ (config/jinja2.py) rendered in a Django template, with the given
values, the request and the page's CSRF token (the one the page cache swaps for each visitor,
pagecache.pages.OneCsrfToken: Django's Jinja2 backend would make a second one)."""

from django import template
from django.template import engines
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **values) -> SafeString:
    # Through Django's backend, so that a missing or broken template is reported as Django's
    # own are (with the template's source on the debug page).
    found = engines["jinja2"].get_template(template_name).template
    values.setdefault("request", context.get("request"))
    values.setdefault("csrf_token", context.get("csrf_token"))
    # Jinja2 escaped what the template shows.
    return SafeString(found.render(values))
