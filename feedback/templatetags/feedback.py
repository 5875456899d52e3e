from django import template
from django.template.loader import render_to_string
from django.utils import translation

from feedback.forms import FeedbackForm

register = template.Library()

# The empty form's fields per language: the same on every service page.
_blank_fields: dict[str, str] = {}


@register.simple_tag
def blank_feedback_fields():
    """The fields of an empty form for the include on the service page, whose view knows
    nothing of it: rendered once per language and process (their widgets' templates were a
    tenth of a service page's time, issue 18)."""
    language = translation.get_language()
    html = _blank_fields.get(language)
    if html is None:
        context = {"feedback_form": FeedbackForm()}
        html = _blank_fields[language] = render_to_string("feedback/_feedback_fields.html", context)
    return html
