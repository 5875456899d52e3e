"""``{% filter_choices filter %}``: the list's filter form without its search field, rendered
once per set of chosen values (directory.filters.ServiceFilter.shown_choices)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def filter_choices(service_filter) -> SafeString:
    return service_filter.shown_choices(
        lambda: render_to_string("directory/_filter_choices.html", {"filter": service_filter})
    )
