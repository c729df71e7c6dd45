"""The admin shows who read passport data and which letters exist, never the data itself.

Encrypted fields are left out of every form and deferred in every list, so the admin
never even decrypts them (a read there would escape the access log).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from twinning.visas.models import (
    HostOrganisation,
    PassportAccess,
    PassportRecord,
    TravelDetails,
    VisaLetter,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    encrypted: tuple[str, ...] = ()

    # Asked here, not only in rules.py: Django answers yes to a superuser for every model
    # permission, and the access log must stay whole whoever signs in. Records change
    # through the services (logged), and go through the purge command.
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*self.encrypted)

    def get_exclude(self, request, obj=None):
        return self.encrypted

    def get_readonly_fields(self, request, obj=None):
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if field.name not in self.encrypted
        ]


@admin.register(PassportRecord)
class PassportRecordAdmin(ReadOnlyAdmin):
    encrypted = PassportRecord.ENCRYPTED
    list_display = ["registration", "masked_number", "nationality", "expiry_date", "updated_at"]
    list_select_related = ["registration__user", "registration__delegation"]

    @admin.display(description=_("passport number"))
    def masked_number(self, obj) -> str:
        return "••••••"


@admin.register(VisaLetter)
class VisaLetterAdmin(ReadOnlyAdmin):
    encrypted = VisaLetter.ENCRYPTED
    list_display = ["number", "registration", "issued_at", "valid_until", "revoked_at"]
    list_select_related = ["registration__user", "registration__delegation"]
    date_hierarchy = "issued_at"


@admin.register(PassportAccess)
class PassportAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "registration", "ip"]
    list_filter = ["action"]
    list_select_related = ["actor", "registration__user", "registration__delegation"]
    date_hierarchy = "at"


@admin.register(TravelDetails)
class TravelDetailsAdmin(ReadOnlyAdmin):
    list_display = ["registration", "arrival_flight", "arrival_at", "departure_at"]
    list_select_related = ["registration__user", "registration__delegation"]


@admin.register(HostOrganisation)
class HostOrganisationAdmin(TranslationAdmin):
    list_display = ["name", "delegation"]
