from django.urls import path

from twinning.registrations import views

app_name = "registrations"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("registration/", views.mine, name="mine"),
    path("registration/<int:registration_id>/cancel/", views.cancel, name="cancel"),
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("waiting-list/<int:entry_id>/leave/", views.waiting_list_leave, name="waiting_list_leave"),
    path("registrations/", views.coordinator_list, name="list"),
    path("registrations/export.<str:kind>", views.export, name="export"),
    path("registrations/<int:registration_id>/decide/", views.decide, name="decide"),
]
