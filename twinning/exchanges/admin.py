from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion.admin import VersionAdmin

from twinning.accounts.rules import may, require
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

SIDE_BY_SIDE = {"all": ["twinning/css/admin.css"]}


def _may_change(request, exchange) -> bool:
    return may(request.user, "exchanges.change_exchange", exchange)


class _PartOfTheRecord:
    """An inline is read-only wherever its record is (a published one, for a coordinator)."""

    def has_add_permission(self, request, obj):
        return (obj is None or _may_change(request, obj)) and super().has_add_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return (obj is None or _may_change(request, obj)) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _may_change(request, obj)) and super().has_delete_permission(
            request, obj
        )


class ParticipationInline(_PartOfTheRecord, TranslationTabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person"]
    raw_id_fields = ["appointment"]


class QuantityInline(_PartOfTheRecord, TranslationTabularInline):
    model = Quantity
    extra = 0


class SourceInline(_PartOfTheRecord, TranslationTabularInline):
    model = Source
    extra = 0


class AttachmentInline(_PartOfTheRecord, TranslationStackedInline):
    model = Attachment
    extra = 0
    readonly_fields = ["content_type", "original_name"]  # set from the checked file


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "colour", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


def _workflow_action(service, done_message, **kwargs):
    def action(modeladmin, request, queryset):
        done = 0
        for exchange in queryset:
            try:
                service(exchange=exchange, actor=request.user, **kwargs)
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

    def has_change_permission(self, request, obj=None):
        # Asked with the record: a published one is changed only by those who may publish.
        return _may_change(request, obj)

    def save_model(self, request, obj, form, change):
        pass  # written in save_related, through the services, together with the inlines

    def save_related(self, request, form, formsets, change):
        def related(_exchange):
            super(ExchangeAdmin, self).save_related(request, form, formsets, change)

        write = services.exchange_update if change else services.exchange_create
        write(exchange=form.instance, actor=request.user, related=related)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and not self.has_change_permission(request, obj):
                # E.g. a moderator published the record while a coordinator was editing it.
                self.message_user(
                    request,
                    gettext(
                        "Your changes were not saved: this record is published, and only a "
                        "moderator or an administrator may change it."
                    ),
                    messages.ERROR,
                )
                context = {
                    **self.admin_site.each_context(request),
                    "title": gettext("Changes not saved"),
                    "opts": self.opts,
                    "original": obj,
                }
                return TemplateResponse(
                    request, "admin/exchanges/exchange/change_refused.html", context, status=403
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._require_revert(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._require_revert(request)
        return super().recover_view(request, version_id, extra_context)

    @staticmethod
    def _require_revert(request) -> None:
        # Looking at an old version is harmless; restoring one rewrites the record (its
        # status too) in one step, past the workflow.
        if request.method == "POST":
            require(request.user, "exchanges.revert_exchange")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "GET":
            if not self.has_change_permission(request, obj):
                self.message_user(
                    request,
                    gettext(
                        "This record is published. Only a moderator or an administrator may "
                        "change it: ask one of them to make the change."
                    ),
                    messages.WARNING,
                )
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
        _workflow_action(services.exchange_hide, _("%(count)s record(s) hidden."), hidden=True)
    )
    show = admin.action(description=_("Show to the public again"))(
        _workflow_action(services.exchange_hide, _("%(count)s record(s) shown."), hidden=False)
    )
