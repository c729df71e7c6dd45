from django.urls import path

from twinning.visas import views

app_name = "visas"

urlpatterns = [
    path("delegations/<slug:slug>/registration/passport/", views.passport, name="passport"),
    path("delegations/<slug:slug>/registration/travel/", views.travel, name="travel"),
    path("delegations/<slug:slug>/visas/", views.coordinator, name="coordinator"),
    path("delegations/<slug:slug>/visas/<int:registration_id>/", views.review, name="review"),
    path("delegations/<slug:slug>/visas/<int:registration_id>/issue/", views.issue, name="issue"),
    path(
        "delegations/<slug:slug>/visa-letters/<int:letter_id>/letter.pdf",
        views.letter_pdf,
        name="letter_pdf",
    ),
    path(
        "delegations/<slug:slug>/visa-letters/<int:letter_id>/revoke/",
        views.revoke,
        name="revoke",
    ),
    path("visas/verify/<str:token>/", views.verify, name="verify"),
]
