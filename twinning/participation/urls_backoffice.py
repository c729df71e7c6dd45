from django.urls import path

from twinning.participation import backoffice

app_name = "participation_backoffice"

urlpatterns = [
    path("messages/", backoffice.message_list, name="messages"),
    path("messages/<int:pk>/", backoffice.message_detail, name="message"),
    path("reports/", backoffice.report_list, name="reports"),
    path("reports/<int:pk>/", backoffice.report_detail, name="report"),
]
