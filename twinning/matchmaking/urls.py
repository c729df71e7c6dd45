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
