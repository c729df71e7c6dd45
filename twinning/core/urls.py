from django.urls import path

from twinning.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("backoffice/", views.backoffice, name="backoffice"),
]
