"""The meetings pages of a delegation, under /<lang>/delegations/<slug>/meetings/."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from twinning.delegations.converters import TokenConverter

app_name = "matchmaking"
if "token" not in get_converters():  # the delegations' secret-address shape
    register_converter(TokenConverter, "token")

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

# -- agenda: agendas, the grid, publication, the day itself --
from twinning.matchmaking import views_agenda  # noqa: E402

urlpatterns += [
    path("agenda/", views_agenda.agenda, name="agenda"),
    path("agenda.pdf", views_agenda.agenda_pdf, name="agenda_pdf"),
    path("interpreting/", views_agenda.interpreting, name="interpreting"),
    path(
        "interpreter/<token:token>/",
        views_agenda.interpreter_agenda,
        name="interpreter_agenda",
    ),
    path(
        "interpreter/<token:token>.pdf",
        views_agenda.interpreter_agenda_pdf,
        name="interpreter_agenda_pdf",
    ),
    path(
        "interpreter/<token:token>.ics",
        views_agenda.interpreter_calendar,
        name="interpreter_calendar",
    ),
    # The agenda of a participant without an account, behind its secret address.
    path("my/<token:token>/", views_agenda.participant_agenda, name="participant_agenda"),
    path(
        "my/<token:token>.pdf", views_agenda.participant_agenda_pdf, name="participant_agenda_pdf"
    ),
    path("my/<token:token>.ics", views_agenda.participant_calendar, name="participant_calendar"),
    path(
        "participants/<int:participant_id>/agenda-link/",
        views_agenda.agenda_link_renew,
        name="agenda_link_renew",
    ),
    path("grid/", views_agenda.grid, name="grid"),
    path("grid/publish/", views_agenda.publish, name="publish"),
    path("<int:meeting_id>/move/", views_agenda.meeting_move, name="meeting_move"),
    path("<int:meeting_id>/lock/", views_agenda.meeting_lock, name="meeting_lock"),
    path("<int:meeting_id>/cancel/", views_agenda.meeting_cancel, name="meeting_cancel"),
    path("<int:meeting_id>/attendance/", views_agenda.attendance, name="attendance"),
    path("<int:meeting_id>/check-in/", views_agenda.check_in, name="check_in"),
    path("<int:meeting_id>/feedback/", views_agenda.feedback, name="feedback"),
    path("feedback/<str:token>/", views_agenda.feedback_link, name="feedback_link"),
    path("outcomes/", views_agenda.outcomes, name="outcomes"),
    path("<int:meeting_id>/outcome/", views_agenda.outcome_record, name="outcome_record"),
]
