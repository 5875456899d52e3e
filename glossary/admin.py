from django.contrib import admin

from glossary.models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "full_form", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["term", "full_form", "variants", "explanation"]
    prepopulated_fields = {"slug": ["term"]}
    fields = ["term", "slug", "full_form", "variants", "explanation", "is_published"]
