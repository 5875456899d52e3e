from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("diensten/<slug:slug>/melding/", views.report, name="report"),
    path("diensten/<slug:slug>/melding/bedankt/", views.thanks, name="thanks"),
]
