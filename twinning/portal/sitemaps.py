"""The sitemap: every public page in both languages, with hreflang alternates."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from twinning.cities.models import City, Relationship
from twinning.exchanges.selectors import exchange_public_list
from twinning.participation.selectors import questions_public
from twinning.people.selectors import organisations_public, people_public


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    # The configured site address, not the request's Host (which Django would use).
    def get_domain(self, site=None):
        return urlsplit(settings.TWINNING_BASE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.TWINNING_BASE_URL).scheme


class StaticSitemap(_Bilingual):
    def items(self):
        return [
            "portal:home",
            "cities:relationship_list",
            "exchanges:list",
            "search:search",
            "participation:questions",
            "participation:message",
            "pages:about",
            "pages:contact",
            "pages:privacy",
            "pages:cookies",
            "pages:terms",
        ]

    def location(self, item):
        return reverse(item)


class QuestionSitemap(_Bilingual):
    def items(self):
        return questions_public().order_by("pk")


class ExchangeSitemap(_Bilingual):
    def items(self):
        return exchange_public_list().order_by("key")

    def lastmod(self, item):
        return item.updated_at


class _ModelSitemap(_Bilingual):
    model = None

    def items(self):
        return self.model.objects.order_by("slug")


class CitySitemap(_ModelSitemap):
    model = City


class RelationshipSitemap(_ModelSitemap):
    model = Relationship


class PersonSitemap(_Bilingual):
    def items(self):
        return people_public().order_by("slug")


class OrganisationSitemap(_Bilingual):
    def items(self):
        return organisations_public().order_by("slug")


SITEMAPS = {
    "pages": StaticSitemap,
    "cities": CitySitemap,
    "relationships": RelationshipSitemap,
    "exchanges": ExchangeSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "questions": QuestionSitemap,
}
