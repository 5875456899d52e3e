from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from directory.models import Service
from feedback import ratelimit
from feedback.forms import FeedbackForm


@require_http_methods(["GET", "POST"])
def report(request, slug):
    """The form below every service page; also a page of its own to show errors."""
    service = get_object_or_404(Service.objects.published(), slug=slug)
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        allowed = ratelimit.hit(
            "feedback",
            request,
            limit=settings.FEEDBACK_RATE_LIMIT,
            window=settings.FEEDBACK_RATE_WINDOW,
        )
        if form.is_spam:  # a bot: say thanks, keep nothing
            return redirect("feedback:thanks", slug=service.slug)
        if not allowed:
            form.add_error(None, _("Je stuurde net al enkele meldingen. Probeer later opnieuw."))
            status = 429
        elif form.is_valid():
            form.instance.service = service
            form.save()
            return redirect("feedback:thanks", slug=service.slug)
        else:
            status = 400
    return render(
        request, "feedback/report.html", {"service": service, "feedback_form": form}, status=status
    )


def thanks(request, slug):
    service = get_object_or_404(Service.objects.published(), slug=slug)
    return render(request, "feedback/thanks.html", {"service": service})
