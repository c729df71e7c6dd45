from django.urls import path

from twinning.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.placeholder, {"page": "about"}, name="about"),
    path("contact/", views.placeholder, {"page": "contact"}, name="contact"),
    path("privacy/", views.placeholder, {"page": "privacy"}, name="privacy"),
    path("terms/", views.placeholder, {"page": "terms"}, name="terms"),
    path("message/", views.placeholder, {"page": "message"}, name="message"),
    path("report/", views.placeholder, {"page": "report"}, name="report"),
]
