from django.urls import path

from twinning.cards import views

app_name = "cards"

urlpatterns = [
    path("pay/", views.pay, name="pay"),
    path("payments/", views.payments, name="payments"),
]
