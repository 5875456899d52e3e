from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from staff.models import EditorScope


@admin.register(EditorScope)
class EditorScopeAdmin(admin.ModelAdmin):
    list_display = ["group", "everything", "city_list"]
    list_filter = ["everything", "cities"]
    filter_horizontal = ["cities", "organizations"]
    search_fields = ["group__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group").prefetch_related("cities")

    @admin.display(description=_("steden"))
    def city_list(self, obj):
        return ", ".join(city.name for city in obj.cities.all())
