from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from twinning.accounts.rules import may
from twinning.core.translation_fields import field_names
from twinning.people.models import Appointment, Organisation, Person
from twinning.people.services import people_save


class AppointmentInline(TranslationTabularInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ["organisation"]


class _IndexedAdmin(TranslationAdmin):
    """Saves through people_save, with the appointments, so search sees the final state."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may(request.user, "people.hide_people", obj):
            fields.append("hidden")
        return fields

    def save_model(self, request, obj, form, change):
        pass  # written in save_related, together with the inlines

    def save_related(self, request, form, formsets, change):
        def related(_obj):
            super(_IndexedAdmin, self).save_related(request, form, formsets, change)

        people_save(obj=form.instance, actor=request.user, related=related)


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
