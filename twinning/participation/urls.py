from django.urls import path

from twinning.participation import views

app_name = "participation"

urlpatterns = [
    path("message/", views.message_form, name="message"),
    path("message/sent/", views.message_sent, name="message_sent"),
    path("message/delete/<str:token>/", views.message_delete, name="message_delete"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question"),
    path("report/", views.report_form, name="report"),
    path("report/sent/", views.report_sent, name="report_sent"),
]
