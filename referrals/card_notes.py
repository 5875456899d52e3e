"""What just happened when someone pressed "Zet op kaart" for a service, shown on that service's
card and nowhere else (referrals.views.add_service tags each message with the service it is
about; the form's template, templates-jinja2/referrals/_add_to_card_form.html, asks
``card_notes``, config/jinja2.py)."""

from django.contrib.messages import add_message, get_messages

TAG_PREFIX = "kaart-"


def message_tag(service_id: int) -> str:
    return f"{TAG_PREFIX}{service_id}"


def _messages_by_service(request) -> dict[str, list]:
    """The request's messages about services, read once. Reading marks every message as shown,
    so messages about something else are queued again for the page that shows them."""
    cached = getattr(request, "_card_messages", None)
    if cached is not None:
        return cached
    by_service, others = {}, []
    for message in get_messages(request):
        tag = next((t for t in message.extra_tags.split() if t.startswith(TAG_PREFIX)), None)
        if tag:
            by_service.setdefault(tag, []).append(message)
        else:
            others.append(message)
    for message in others:
        add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    request._card_messages = by_service
    return by_service


def messages_about(request, service) -> list:
    """The messages about ``service`` waiting for this visitor (none without a request)."""
    if request is None or not hasattr(request, "_messages"):
        return []
    return _messages_by_service(request).get(message_tag(service.pk), [])
