from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from twinning.accounts.views import admin_login_redirect
from twinning.api.api import api
from twinning.cards.views import webhook as stripe_webhook
from twinning.portal.sitemaps import SITEMAPS

admin.site.login = admin_login_redirect
admin.site.site_header = "Twinning"

# A database or limits cache that is briefly away answers 503, not 500 (core/errors.py).
handler500 = "twinning.core.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Outside the language prefix: Stripe posts to one fixed address.
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    # Outside the language prefix: one address per resource for other systems; translated
    # fields carry every language (docs/architecture.md, "API").
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("twinning.portal.urls")),
    path("accounts/", include("twinning.accounts.urls")),
    path("accounts/api-tokens/", include("twinning.api.urls")),
    path("", include("twinning.cities.urls")),
    path("", include("twinning.exchanges.urls")),
    path("search/", include("twinning.search.urls")),
    path("delegations/", include("twinning.delegations.urls")),
    path("delegations/<slug:slug>/", include("twinning.registrations.urls")),
    path("", include("twinning.visas.urls")),
    path("delegations/<slug:slug>/payments/", include("twinning.payments.urls")),
    path("delegations/<slug:slug>/card/", include("twinning.cards.urls")),
    path("delegations/<slug:slug>/meetings/", include("twinning.matchmaking.urls")),
    path("backoffice/meetings/", include("twinning.matchmaking.urls_backoffice")),
    path("", include("twinning.pages.urls")),
    path("", include("twinning.participation.urls")),
    path("backoffice/", include("twinning.participation.urls_backoffice")),
    path("backoffice/exchanges/", include("twinning.exchanges.urls_backoffice")),
    path("backoffice/office/", include("twinning.backoffice.urls")),
)
