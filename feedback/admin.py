from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from feedback.models import Feedback
from staff.admin import ScopedAdminMixin


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_filter = "by_service"
    list_display = ["created_at", "service", "title", "status", "has_email"]
    list_filter = ["status", "created_at"]
    list_select_related = ["service"]
    search_fields = ["message", "service__name"]
    fields = [
        "service",
        "message",
        "email_link",
        "status",
        "action_taken",
        "created_at",
        "handled_at",
    ]
    readonly_fields = ["service", "message", "email_link", "created_at", "handled_at"]
    actions = ["mark_handled"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # reports come from residents only

    @admin.display(description=_("melding"))
    def title(self, obj):
        return obj.title

    @admin.display(description=_("e-mailadres"))
    def email_link(self, obj):
        """A mailto link to answer the resident; the address is erased 90 days after handling."""
        if not obj.email:
            return _("(geen e-mailadres gegeven)")
        return format_html('<a href="mailto:{}">{}</a>', obj.email, obj.email)

    @admin.display(description=_("e-mail"), boolean=True)
    def has_email(self, obj):
        return bool(obj.email)

    @admin.action(description=_("Markeer als afgehandeld"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.mark_handled()
        message = ngettext(
            "%(count)d melding is afgehandeld.", "%(count)d meldingen zijn afgehandeld.", count
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)
