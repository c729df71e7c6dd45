# Stub until the participation app lands.
from django.urls import path

from twinning.core import views

app_name = "participation"

urlpatterns = [
    path("message/", views.placeholder, {"page": "message"}, name="message"),
    path("report/", views.placeholder, {"page": "report"}, name="report"),
    path("questions/", views.placeholder, {"page": "message"}, name="questions"),
]
