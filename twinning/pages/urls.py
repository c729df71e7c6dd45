from django.urls import path

from twinning.pages import views
from twinning.pages.models import Page

app_name = "pages"

urlpatterns = [
    *(path(f"{kind}/", views.page, {"kind": kind}, name=kind) for kind in Page.Kind.values),
    path("cookies/settings/", views.cookie_settings, name="cookie_settings"),
    path("cookies/consent/", views.consent_save, name="consent"),
    path("time-zone/", views.time_zone_save, name="time_zone"),
]
