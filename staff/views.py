from django.core.exceptions import PermissionDenied

from directory.views import ServiceDetailView


class ServicePreviewView(ServiceDetailView):
    """The public service page for staff, drafts included, within what their admin shows them.

    Served from the admin (ServiceAdmin.get_urls), so only logged-in staff reach it.
    """

    template_name = "staff/service_preview.html"
    model_admin = None

    def get_queryset(self):
        return self.model_admin.get_queryset(self.request).with_detail_data()

    def get_object(self, queryset=None):
        service = super().get_object(queryset)
        if not self.model_admin.has_view_permission(self.request, service):
            raise PermissionDenied
        return service

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)
