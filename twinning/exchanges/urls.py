from django.urls import path

from twinning.exchanges import feeds, views

app_name = "exchanges"

urlpatterns = [
    path("", views.exchange_list, name="list"),
    path("feed/", feeds.LatestExchangesFeed(), name="feed"),
    path("<slug:key>/", views.exchange_detail, name="detail"),
    path("<slug:key>/files/<int:attachment_id>/", views.attachment, name="attachment"),
]
