from django import template
from django.contrib import admin

from feedback.models import Feedback

register = template.Library()


@register.simple_tag(takes_context=True)
def new_reports_count(context):
    """New residents' reports this user may see (their cities only), or None without access."""
    request = context["request"]
    model_admin = admin.site._registry.get(Feedback)
    if model_admin is None or not model_admin.has_view_permission(request):
        return None
    return model_admin.get_queryset(request).new().count()
