from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from config.inputs import parse_int
from directory.models import Service
from selection.codes import MAX_SERVICES, decode, encode


@require_GET
def choose(request):
    """The ticked services of a list (?kies=12&kies=40) become a short link."""
    values = request.GET.getlist("kies")[: MAX_SERVICES * 2]
    ids = [number for number in (parse_int(value, minimum=1) for value in values) if number]
    code = encode(ids)
    if not code:
        return redirect("directory:service_list")
    return redirect("selection:detail", code=code)


class SelectionView(TemplateView):
    """/selectie/<code>/: the chosen services on one page, to print or to share."""

    template_name = "selection/detail.html"

    def get_context_data(self, **kwargs):
        ids = decode(self.kwargs["code"])
        if not ids:
            raise Http404(_("Deze link klopt niet."))
        found = {
            service.pk: service
            for service in Service.objects.published()
            .filter(pk__in=ids)
            .with_card_data()
            .with_quick_channels()
            .with_locations()
        }
        services = [found[pk] for pk in ids if pk in found]
        notices = []
        if len(services) < len(ids):
            notices.append(
                _("Niet alle gekozen hulp staat nog in Wegwijs. We tonen wat er nog is.")
            )
        share_url = self.request.build_absolute_uri()
        return super().get_context_data(
            services=services, notices=notices, share_url=share_url, **kwargs
        )
