"""The residents' vocabulary (directory.SearchTerm) in the admin, with its history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from directory.models import SearchTerm


@admin.register(SearchTerm)
class SearchTermAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "problem_type", "language", "is_crisis"]
    list_filter = ["language", "is_crisis", "problem_type"]
    search_fields = ["phrase", "problem_type__name"]
    list_select_related = ["problem_type"]
    autocomplete_fields = ["problem_type"]
