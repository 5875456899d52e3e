from django import template

from feedback.forms import FeedbackForm

register = template.Library()


@register.simple_tag
def blank_feedback_form():
    """An empty form for the include on the service page, whose view knows nothing of it."""
    return FeedbackForm()
