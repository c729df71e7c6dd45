from django.urls import path

from twinning.exchanges import backoffice

app_name = "exchanges_backoffice"

urlpatterns = [
    path("import/", backoffice.exchange_import, name="import"),
    path("export/", backoffice.exchange_export, name="export"),
]
