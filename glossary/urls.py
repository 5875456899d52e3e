from django.urls import path

from glossary import views
from glossary.filters import GlossaryFilter
from pagecache.pages import cached_page

app_name = "glossary"

urlpatterns = [
    path(
        "woordenboek/",
        cached_page(views.GlossaryView.as_view(), parameters=GlossaryFilter.base_filters),
        name="index",
    ),
]
