from django.urls import path, register_converter

from twinning.delegations import pdf_views, views
from twinning.delegations.converters import TokenConverter

app_name = "delegations"
register_converter(TokenConverter, "token")

urlpatterns = [
    path("", views.delegation_list, name="list"),
    path("calendar/<token:token>.ics", views.member_calendar, name="member_calendar"),
    path("card/<token:token>.vcf", pdf_views.card, name="card"),
    path("<slug:slug>/", views.delegation_detail, name="detail"),
    path("<slug:slug>/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("<slug:slug>/documents/<int:document_id>/", views.document_download, name="document"),
    path("<slug:slug>/calendar.ics", views.delegation_calendar, name="calendar"),
    path("<slug:slug>/my-calendar/", views.my_calendar, name="my_calendar"),
    path("<slug:slug>/my-card/", views.my_card, name="my_card"),
    path("<slug:slug>/pdf/itinerary/", pdf_views.itinerary, name="pdf_itinerary"),
    path("<slug:slug>/pdf/terms/", pdf_views.terms, name="pdf_terms"),
    path(
        "<slug:slug>/pdf/registration-form/",
        pdf_views.registration_form,
        name="pdf_registration_form",
    ),
    path("<slug:slug>/pdf/badge/<int:member_id>/", pdf_views.badge, name="pdf_badge"),
    path("<slug:slug>/pdf/briefing-book/", pdf_views.briefing_book, name="pdf_briefing_book"),
    path(
        "<slug:slug>/outcomes/<int:outcome_id>/publish/",
        views.outcome_publish,
        name="outcome_publish",
    ),
]
