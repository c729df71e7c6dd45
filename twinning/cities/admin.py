from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from twinning.cities.models import Agreement, City, CityFact, ExchangeRate, Relationship
from twinning.core.translation_fields import field_names


class CityFactInline(TranslationTabularInline):
    model = CityFact
    extra = 0


@admin.register(City)
class CityAdmin(TranslationAdmin):
    list_display = ["name", "country", "time_zone", "currency"]
    search_fields = [*field_names("name")]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CityFactInline]


class AgreementInline(TranslationTabularInline):
    model = Agreement
    extra = 0


@admin.register(Relationship)
class RelationshipAdmin(TranslationAdmin):
    inlines = [AgreementInline]
    list_display = ["__str__", "established_on"]
    list_select_related = ["city_a", "city_b"]
    autocomplete_fields = ["city_a", "city_b"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["from_currency", "to_currency", "rate", "valid_from", "source"]
    list_filter = ["from_currency", "to_currency"]
    date_hierarchy = "valid_from"
