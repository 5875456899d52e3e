"""What staff can do with several services at once: mark them checked, export them."""

from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from staff.forms import VerificationForm
from staff.verification import mark_services_verified, what_to_check


class ServiceActionsMixin:
    """ServiceAdmin's actions."""

    @admin.action(description=_("Markeer als gecontroleerd (vandaag)"), permissions=["change"])
    def mark_verified(self, request, queryset):
        """First a page that lists, per service, what a check covers, with a box to tick per
        service, and asks who checked on whose behalf; only the ticked ones are marked, and only
        with a name (issue 14: "checked" means a named person checked)."""
        services = list(
            queryset.prefetch_related(
                "contact_channels",
                "service_locations__location",
                "opening_hours",
                "serves_cities",
                "serves_neighbourhoods__city",
            )
        )
        form = VerificationForm(request.POST if request.POST.get("bevestigd") else None)
        if not form.is_bound:
            form.initial = VerificationForm.initial_for(request.user, services)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Wat heb je gecontroleerd?"),
                "opts": self.model._meta,
                "rows": [(service, what_to_check(service)) for service in services],
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/directory/service/confirm_verified.html", context
            )
        ticked = set(request.POST.getlist("gecontroleerd"))
        confirmed = [service for service in services if str(service.pk) in ticked]
        count = mark_services_verified(
            confirmed,
            form.cleaned_data["verified_by"],
            form.cleaned_data["verified_for"],
            user=request.user,
        )
        message = ngettext(
            "%(count)d dienst is gemarkeerd als gecontroleerd.",
            "%(count)d diensten zijn gemarkeerd als gecontroleerd.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS if count else messages.WARNING)
        skipped = [service.name for service in services if str(service.pk) not in ticked]
        if skipped:
            self.message_user(
                request,
                _("Niet aangevinkt, dus niet gemarkeerd: %(names)s.")
                % {"names": ", ".join(skipped)},
                messages.WARNING,
            )
        return None

    @admin.action(description=_("Exporteer als CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        from staff.csv_export import services_csv

        filename, content_type, content = services_csv(queryset)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
