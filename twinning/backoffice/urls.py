from django.urls import path

from twinning.backoffice import views, views_audit

app_name = "backoffice"

urlpatterns = [
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<slug:slug>/", views.dashboard, name="dashboard"),
    path("delegations/<slug:slug>/registrations/", views.registrations, name="registrations"),
    path("delegations/<slug:slug>/payments/", views.payments, name="payments"),
    path("delegations/<slug:slug>/bank-rows/", views.bank_rows, name="bank_rows"),
    path("delegations/<slug:slug>/meetings/", views.meetings, name="meetings"),
    path("delegations/<slug:slug>/announce/", views.announce, name="announce"),
    path("delegations/<slug:slug>/announcements/", views.announcements, name="announcements"),
    path(
        "delegations/<slug:slug>/announcements/<int:pk>/",
        views.announcement,
        name="announcement",
    ),
    path("lists/messages/", views.messages, name="messages"),
    path("lists/reports/", views.reports, name="reports"),
    path("lists/exchanges/", views.exchanges, name="exchanges"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/new/<slug:dataset>/", views.transfer_start, name="transfer_start"),
    path("transfers/<int:pk>/", views.transfer, name="transfer"),
    path("transfers/<int:pk>/confirm/", views.transfer_confirm, name="transfer_confirm"),
    path("transfers/<int:pk>/download/", views.transfer_download, name="transfer_download"),
    path("audit/", views_audit.audit_log, name="audit_log"),
]
