from django.urls import path

from twinning.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("backoffice/", views.backoffice, name="backoffice"),
]
