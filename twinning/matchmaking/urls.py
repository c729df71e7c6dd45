from django.urls import path

app_name = "matchmaking"

urlpatterns = []

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
