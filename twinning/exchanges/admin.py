from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion.admin import VersionAdmin

from twinning.core.translation_fields import field_names
from twinning.exchanges import services
from twinning.exchanges.models import (
    Attachment,
    Category,
    Exchange,
    Participation,
    Quantity,
    Source,
)
from twinning.search.services import search_index_update

SIDE_BY_SIDE = {"all": ["twinning/css/admin.css"]}


class ParticipationInline(TranslationTabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person"]
    raw_id_fields = ["appointment"]


class QuantityInline(TranslationTabularInline):
    model = Quantity
    extra = 0


class SourceInline(TranslationTabularInline):
    model = Source
    extra = 0


class AttachmentInline(TranslationStackedInline):
    model = Attachment
    extra = 0


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "colour", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


def _workflow_action(service, done_message, **kwargs):
    def action(modeladmin, request, queryset):
        done = 0
        for exchange in queryset:
            try:
                service(exchange=exchange, user=request.user, **kwargs)
                done += 1
            except PermissionDenied:
                modeladmin.message_user(request, gettext("You may not do this."), messages.ERROR)
                return
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{exchange.key}: {' '.join(error.messages)}", messages.WARNING
                )
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    return action


@admin.register(Exchange)
class ExchangeAdmin(VersionAdmin, TranslationAdmin):
    list_display = ["title", "date_display", "category", "status", "hidden", "languages"]
    list_filter = ["status", "hidden", "category", "relationship"]
    list_select_related = ["category"]
    search_fields = ["key", *field_names("title")]
    readonly_fields = ["status", "hidden", "published_at", "created_at", "updated_at"]
    autocomplete_fields = ["organisations", "related"]
    inlines = [ParticipationInline, QuantityInline, SourceInline, AttachmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "key",
                    "relationship",
                    "category",
                    "direction",
                    ("date_start", "date_end", "date_precision"),
                ]
            },
        ),
        (
            _("English and Chinese side by side"),
            {
                "classes": ["side-by-side"],
                "fields": [
                    tuple(field_names("title")),
                    tuple(field_names("summary")),
                    tuple(field_names("places")),
                ],
            },
        ),
        (_("Links"), {"fields": ["organisations", "related"]}),
        (
            _("Workflow"),
            {"fields": ["status", "hidden", "published_at", "created_at", "updated_at"]},
        ),
    ]
    actions = ["submit_for_review", "publish", "return_to_draft", "hide", "show"]

    class Media:
        css = SIDE_BY_SIDE

    @admin.display(description=_("languages"))
    def languages(self, obj):
        missing = services.missing_languages(obj)
        return (
            gettext("missing: %(languages)s") % {"languages": ", ".join(missing)}
            if missing
            else "✓"
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search_index_update(obj=form.instance)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            missing = services.missing_languages(obj)
            if missing:
                self.message_user(
                    request,
                    gettext("This record has no title or summary in: %(languages)s.")
                    % {"languages": ", ".join(missing)},
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    submit_for_review = admin.action(description=_("Submit for review"))(
        _workflow_action(services.exchange_submit_for_review, _("%(count)s record(s) submitted."))
    )
    publish = admin.action(description=_("Publish"))(
        _workflow_action(services.exchange_publish, _("%(count)s record(s) published."))
    )
    return_to_draft = admin.action(description=_("Return to draft"))(
        _workflow_action(services.exchange_return_to_draft, _("%(count)s record(s) back to draft."))
    )
    hide = admin.action(description=_("Hide from the public"))(
        _workflow_action(
            services.exchange_set_hidden, _("%(count)s record(s) hidden."), hidden=True
        )
    )
    show = admin.action(description=_("Show to the public again"))(
        _workflow_action(
            services.exchange_set_hidden, _("%(count)s record(s) shown."), hidden=False
        )
    )
