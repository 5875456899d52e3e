from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from referrals.forms import CardTemplateForm
from referrals.models import CardTemplate


@admin.register(CardTemplate)
class CardTemplateAdmin(SimpleHistoryAdmin):
    form = CardTemplateForm
    list_display = ["name", "organisation_name", "contact_person", "has_logo", "updated"]
    search_fields = ["name", "organisation_name", "contact_person"]
    readonly_fields = ["private_link", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "organisation_name", "contact_person", "phone"]}),
        (_("Huisstijl"), {"fields": ["logo", "primary_colour", "accent_colour"]}),
        (_("Privélink"), {"fields": ["private_link", "created", "updated"]}),
    ]

    @admin.display(boolean=True, description=_("logo"))
    def has_logo(self, template):
        return bool(template.logo)

    @admin.display(description=_("privélink"))
    def private_link(self, template):
        if not template.pk:
            return "–"
        url = template.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)
