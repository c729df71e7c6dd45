"""The meetings pages of a delegation, under /<lang>/delegations/<slug>/meetings/."""

from django.urls import path

app_name = "matchmaking"

urlpatterns = []

# -- profiles: profiles, directory, suggestions, counterparts --
from twinning.matchmaking import views_profiles  # noqa: E402

urlpatterns += [
    path("directory/", views_profiles.directory, name="directory"),
    path("profile/", views_profiles.my_profile, name="my_profile"),
    path("profiles/<int:participant_id>/", views_profiles.profile, name="profile"),
    path("profiles/<int:participant_id>/edit/", views_profiles.profile_edit, name="profile_edit"),
    path(
        "profiles/<int:participant_id>/invite/",
        views_profiles.counterpart_invite,
        name="counterpart_invite",
    ),
    path("suggestions/", views_profiles.suggestions, name="suggestions"),
    path("counterparts/", views_profiles.counterparts, name="counterparts"),
    path("counterparts/new/", views_profiles.counterpart_new, name="counterpart_new"),
    path("counterparts/import/", views_profiles.counterparts_import, name="counterparts_import"),
    path("claim/<str:token>/", views_profiles.claim, name="claim"),
]

# -- flow: requests and schedule runs ---------------------------------------------------------
from twinning.matchmaking import views_flow  # noqa: E402

urlpatterns += [
    path("requests/", views_flow.requests, name="requests"),
    path("requests/all/", views_flow.requests_coordinator, name="requests_coordinator"),
    path("requests/new/<int:participant_id>/", views_flow.request_new, name="request_new"),
    path("requests/<int:request_id>/answer/", views_flow.request_answer, name="request_answer"),
    path(
        "requests/<int:request_id>/withdraw/",
        views_flow.request_withdraw,
        name="request_withdraw",
    ),
    path("schedule/", views_flow.schedule, name="schedule"),
    path("schedule/runs/<int:run_id>/", views_flow.schedule_run, name="schedule_run"),
    path(
        "participants/<int:participant_id>/withdraw/",
        views_flow.participant_withdraw,
        name="participant_withdraw",
    ),
]
