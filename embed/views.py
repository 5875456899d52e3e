from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import TemplateView

from directory.views import ServiceListView
from embed.framing import allowed_origins, embed_policy


class EmbedFrameMixin:
    """Framable by the allowed origins only (CSP frame-ancestors; no X-Frame-Options, which
    cannot name origins). The page sets no cookies, so it works where third-party cookies are
    blocked."""

    @classmethod
    def as_view(cls, **initkwargs):
        return xframe_options_exempt(super().as_view(**initkwargs))

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Content-Security-Policy"] = embed_policy(self.request.csp_nonce)
        return response


class EmbeddedServiceListView(EmbedFrameMixin, ServiceListView):
    """/inbedden/diensten/?stad=gent&probleem=eenzaamheid: the list, without the site around it."""

    template_name = "embed/service_list.html"


class EmbedHelpView(TemplateView):
    """/inbedden/: how a city or organisation places the list on its own website."""

    template_name = "embed/help.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(allowed_origins=allowed_origins(), **kwargs)
