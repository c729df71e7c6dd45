from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from twinning.core.templatetags.twinning import translated_value
from twinning.exchanges.forms import ExchangeFilterForm
from twinning.exchanges.selectors import ExchangeFilters, category_list, exchange_filter


class LatestExchangesFeed(Feed):
    """New records of the archive, in the language of the feed's address.

    It takes the archive's filters from its query string (the list links to the feed of
    what it shows); invalid filters are ignored, as on the list.
    """

    feed_type = Atom1Feed
    title = _("New in the exchange archive")
    subtitle = _("Records of what sister cities do together, newest first.")

    # Absolute addresses from the configured site address: the syndication framework would
    # otherwise take the domain from the request's Host header.
    def feed_url(self):
        return settings.TWINNING_BASE_URL + reverse("exchanges:feed")

    def item_link(self, item):
        return settings.TWINNING_BASE_URL + item.get_absolute_url()

    def get_object(self, request, *args, **kwargs) -> tuple[ExchangeFilters, str]:
        form = ExchangeFilterForm(request.GET, categories=category_list(), direction_labels={})
        query = request.GET.urlencode()
        return form.filters(), query

    def link(self, obj):
        query = obj[1]
        address = settings.TWINNING_BASE_URL + reverse("exchanges:list")
        return address + (f"?{query}" if query else "")

    def items(self, obj):
        return exchange_filter(filters=obj[0]).order_by("-published_at", "-pk")[:50]

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
