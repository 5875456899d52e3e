"""The site plus cached test pages: an inline script and a form, and forms with a token made
some other way, which must never be stored."""

from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from pagecache.pages import cached_page

PAGE = engines["django"].from_string(
    '<script nonce="{{ request.csp_nonce }}">1</script><form method="post">{% csrf_token %}</form>'
)


def page_with_nonce(request):
    return TemplateResponse(request, PAGE, {})


def page_with_a_form_rendered_apart(request):
    form = engines["django"].from_string("<form>{% csrf_token %}</form>").render(request=request)
    return TemplateResponse(request, engines["django"].from_string("{{ form }}"), {"form": form})


def plain_response_with_a_form(request):
    form = engines["django"].from_string("<form>{% csrf_token %}</form>").render(request=request)
    return HttpResponse(form)


def page_for_everyone(request):
    return HttpResponse("Voor iedereen dezelfde pagina.")


urlpatterns = [
    path("proef/iedereen/", cached_page(page_for_everyone, per_visitor=False)),
    path("proef/", cached_page(page_with_nonce)),
    path("proef/apart/", cached_page(page_with_a_form_rendered_apart)),
    path("proef/gewoon/", cached_page(plain_response_with_a_form, per_visitor=False)),
    *site_urlpatterns,  # spliced in: Django refuses i18n_patterns in an included URLconf
]
