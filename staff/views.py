from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import DetailView

from directory.open_now import attach_opening_hours_and_status
from directory.views import ServiceDetailView
from staff.admin.scoping import NO_GROUP_MESSAGE


class ServicePreviewView(ServiceDetailView):
    """The public service page for staff, drafts included, within what their admin shows them.

    Served from the admin (ServiceAdmin.get_urls), so only logged-in staff reach it.
    """

    template_name = "staff/service_preview.html"
    model_admin = None

    def get_queryset(self):
        return self.model_admin.get_queryset(self.request).with_detail_data()

    def read_service(self):
        service = DetailView.get_object(self)
        if not self.model_admin.has_view_permission(self.request, service):
            raise PermissionDenied
        attach_opening_hours_and_status(service)
        return service

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


def permission_denied(request, exception=None):
    """Django's handler403: inside the admin a page in the admin's look, in Dutch, with the
    reason and a way back; elsewhere Django's own page."""
    admin_prefix = "/" + settings.ADMIN_URL_PREFIX
    if not request.path.startswith(admin_prefix) or not request.user.is_authenticated:
        return defaults.permission_denied(request, exception)
    reason = str(exception) if exception and str(exception) else ""
    reason = reason or str(getattr(request, "_scope_refusal", ""))
    if not reason and not request.user.is_superuser and not request.user.groups.exists():
        reason = str(NO_GROUP_MESSAGE)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    context = {
        **admin.site.each_context(request),
        "title": _("Geen toegang"),
        "reason": reason,
        "back_url": back,
    }
    return TemplateResponse(request, "admin/403.html", context, status=403).render()
