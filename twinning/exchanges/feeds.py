from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from twinning.core.templatetags.twinning import translated_value
from twinning.exchanges.selectors import exchange_public_list


class LatestExchangesFeed(Feed):
    """New records of the archive, in the language of the feed's address."""

    feed_type = Atom1Feed
    title = _("New in the exchange archive")
    subtitle = _("Records of what sister cities do together, newest first.")

    # Absolute addresses from the configured site address: the syndication framework would
    # otherwise take the domain from the request's Host header.
    def link(self):
        return settings.TWINNING_BASE_URL + reverse("exchanges:list")

    def feed_url(self):
        return settings.TWINNING_BASE_URL + reverse("exchanges:feed")

    def item_link(self, item):
        return settings.TWINNING_BASE_URL + item.get_absolute_url()

    def items(self):
        return exchange_public_list().order_by("-published_at", "-pk")[:50]

    def item_title(self, item):
        return translated_value(item, "title")[0]

    def item_description(self, item):
        return translated_value(item, "summary")[0]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [translated_value(item.category, "name")[0]]
