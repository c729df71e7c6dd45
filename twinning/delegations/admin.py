from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from twinning.core.translation_fields import field_names
from twinning.delegations.models import (
    Aim,
    Contact,
    Delegation,
    Document,
    Fee,
    Member,
    Outcome,
    Session,
    Venue,
)


class AimInline(TranslationTabularInline):
    model = Aim
    extra = 0


class FeeInline(TranslationTabularInline):
    model = Fee
    extra = 0


class ContactInline(TranslationTabularInline):
    model = Contact
    extra = 0


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "confirmed", "organisation", "job_title", "phone"]


class OutcomeInline(TranslationTabularInline):
    model = Outcome
    extra = 0
    readonly_fields = ["exchange"]


@admin.register(Delegation)
class DelegationAdmin(TranslationAdmin):
    list_display = ["title", "travel_start", "travel_end", "status", "capacity"]
    list_filter = ["status", "relationship"]
    search_fields = [*field_names("title"), "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [AimInline, FeeInline, ContactInline, MemberInline, OutcomeInline]
    raw_id_fields = ["archive_record"]

    class Media:
        css = {"all": ["twinning/css/admin.css"]}


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["name", "city", "time_zone"]
    search_fields = [*field_names("name")]


@admin.register(Session)
class SessionAdmin(TranslationAdmin):
    list_display = ["title", "delegation", "kind", "starts_at", "audience"]
    list_filter = ["delegation", "kind", "audience"]
    list_select_related = ["delegation"]
    autocomplete_fields = ["venue"]
    filter_horizontal = ["presenters"]


@admin.register(Document)
class DocumentAdmin(TranslationAdmin):
    list_display = ["title", "delegation", "session", "audience"]
    list_filter = ["delegation", "audience"]
    list_select_related = ["delegation", "session"]
    readonly_fields = ["content_type", "original_name"]  # set from the checked file
