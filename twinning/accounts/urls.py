from django.contrib.auth import views as auth_views
from django.urls import path

from twinning.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/set-up/<str:token>/", views.two_factor_enrol, name="two_factor_enrol"),
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.personal_data, name="personal_data"),
    path("people/<int:user_id>/data/", views.personal_data_admin, name="personal_data_admin"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/change/done/", views.password_change_done, name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", views.password_reset_complete, name="password_reset_complete"),
]
