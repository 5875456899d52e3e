from django.urls import path

from embed import views

app_name = "embed"

urlpatterns = [
    path("inbedden/", views.EmbedHelpView.as_view(), name="help"),
    path("inbedden/diensten/", views.EmbeddedServiceListView.as_view(), name="service_list"),
]
