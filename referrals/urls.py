from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.card_edit, name="card_edit"),
    path("toevoegen/", views.add_service, name="add_service"),
    path("leegmaken/", views.clear_card, name="clear_card"),
    path("afdrukken/", views.card_print, name="card_print"),
    path("pdf/", views.card_pdf, name="card_pdf"),
    path("huisstijl/", views.house_style, name="house_style"),
    path("sjabloon/<str:token>/", views.template_use, name="template_use"),
    path(
        "sjabloon/<str:token>/bewerken/<str:edit_token>/",
        views.template_edit,
        name="template_edit",
    ),
]
