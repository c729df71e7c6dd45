from django.urls import path

from twinning.matchmaking import views_profiles

app_name = "matchmaking_backoffice"

urlpatterns = [
    path("counterparts/", views_profiles.backoffice_counterparts, name="counterparts"),
]
