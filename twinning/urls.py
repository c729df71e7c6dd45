from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from twinning.accounts.views import admin_login_redirect

admin.site.login = admin_login_redirect
admin.site.site_header = "Twinning"

urlpatterns = [
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("twinning.core.urls")),
    path("accounts/", include("twinning.accounts.urls")),
    path("", include("twinning.cities.urls")),
)
