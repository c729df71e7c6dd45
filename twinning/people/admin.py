from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from twinning.core.translation_fields import field_names
from twinning.people.models import Appointment, Organisation, Person
from twinning.search.services import search_index_update


class AppointmentInline(TranslationTabularInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ["organisation"]


class _IndexedAdmin(TranslationAdmin):
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search_index_update(obj=form.instance)


@admin.register(Person)
class PersonAdmin(_IndexedAdmin):
    list_display = ["name", "slug"]
    search_fields = [*field_names("name"), "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [AppointmentInline]


@admin.register(Organisation)
class OrganisationAdmin(_IndexedAdmin):
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = [*field_names("name"), "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Appointment)
class AppointmentAdmin(TranslationAdmin):
    list_display = ["person", "office", "start_year", "end_year"]
    search_fields = [*field_names("person__name"), *field_names("office")]
    list_select_related = ["person"]
