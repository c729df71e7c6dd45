from django.urls import path

from twinning.payments import views

app_name = "payments"

urlpatterns = [
    path("documents/<str:number>.pdf", views.document, name="document"),
    path("billing/", views.billing, name="billing"),
    path("", views.desk, name="desk"),
    path("<int:registration_id>/record/", views.record, name="record"),
    path("<int:registration_id>/refund/", views.refund, name="refund"),
    path("<int:registration_id>/invoice/", views.issue, name="issue"),
    path("<int:registration_id>/invoice-to-follow/", views.invoice_to_follow, name="to_follow"),
    path("invoices/<int:invoice_id>/credit/", views.credit, name="credit"),
    path("statement/", views.statement, name="statement"),
    path("queue/", views.queue, name="queue"),
]
