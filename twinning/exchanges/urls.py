from django.urls import include, path

from twinning.exchanges import feeds, views, views_subjects

app_name = "exchanges"

archive = [
    path("", views.exchange_list, name="list"),
    path("feed/", feeds.LatestExchangesFeed(), name="feed"),
    path("<slug:key>/", views.exchange_detail, name="detail"),
    path("<slug:key>/files/<int:attachment_id>/", views.attachment, name="attachment"),
]

# Mounted at the site's root: the archive under exchanges/, the pages of what records are about
# at their own addresses.
urlpatterns = [
    path("exchanges/", include(archive)),
    path(
        "relationships/<slug:slug>/",
        views_subjects.relationship_detail,
        name="relationship_detail",
    ),
    path("people/<slug:slug>/", views_subjects.person_detail, name="person_detail"),
    path(
        "organisations/<slug:slug>/",
        views_subjects.organisation_detail,
        name="organisation_detail",
    ),
]
