from django.urls import path

from glossary import views

app_name = "glossary"

urlpatterns = [
    path("woordenboek/", views.GlossaryView.as_view(), name="index"),
]
