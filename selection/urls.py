from django.urls import path

from selection import views

app_name = "selection"

urlpatterns = [
    path("selectie/", views.choose, name="choose"),
    path("selectie/<str:code>/", views.SelectionView.as_view(), name="detail"),
]
