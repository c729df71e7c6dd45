# Stub until the pages app lands: every name resolves to the placeholder page.
from django.urls import path

from twinning.core import views

app_name = "pages"

urlpatterns = [
    path(f"{name}/", views.placeholder, {"page": name}, name=name)
    for name in ("about", "contact", "privacy", "cookies", "terms")
] + [path("cookies/settings/", views.placeholder, {"page": "cookies"}, name="cookie_settings")]
