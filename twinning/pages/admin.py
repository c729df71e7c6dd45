"""Back office for the information pages: new text is always a new, numbered version.

Editing a page shows the version in force in English and Chinese side by side; saving
changed text publishes it as the next version through ``services.page_version_publish``.
Published versions are read-only (their history is listed under the page).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from twinning.core.translation_fields import field_names
from twinning.pages import selectors, services
from twinning.pages.models import ConsentRecord, Page, PageVersion

SIDE_BY_SIDE = {"all": ["twinning/css/admin.css"]}
TEXT_FIELDS = [*field_names("title"), *field_names("body")]
VERSION_FIELDSETS = [
    (
        _("English and Chinese side by side"),
        {
            "classes": ["side-by-side"],
            "fields": [tuple(field_names("title")), tuple(field_names("body")), "change_note"],
        },
    ),
]


def _label(text: str, language_name) -> str:
    return gettext(text) % {"language": language_name}


_lazy_label = lazy(_label, str)


def _language_fields() -> dict[str, forms.Field]:
    """A title and a text field per language of the portal, in the order of LANGUAGES."""
    titles, bodies = {}, {}
    for i, (code, name) in enumerate(settings.LANGUAGES):
        titles[build_localized_fieldname("title", code)] = forms.CharField(
            label=_lazy_label(_("Title (%(language)s)"), name), max_length=200, required=False
        )
        bodies[build_localized_fieldname("body", code)] = forms.CharField(
            label=_lazy_label(_("Text (%(language)s)"), name),
            required=False,
            widget=forms.Textarea(attrs={"rows": 24}),
            help_text=_("Markdown: **bold**, lists, [links](https://…).") if i == 0 else "",
        )
    return titles | bodies


class VersionTextForm(forms.ModelForm):
    """A page's text in every language, as a new version would have it."""

    change_note = forms.CharField(
        label=_("Change note"),
        max_length=300,
        required=False,
        help_text=_("What changed, for the history (not shown to visitors)."),
    )

    def texts(self) -> dict[str, dict[str, str]]:
        """{"titles": {"en": …}, "bodies": {"en": …}}, as the service takes them."""
        return {
            argument: {
                code: self.cleaned_data.get(build_localized_fieldname(field, code), "")
                for code, _name in settings.LANGUAGES
            }
            for argument, field in (("titles", "title"), ("bodies", "body"))
        }

    def has_text(self) -> bool:
        return any(self.cleaned_data.get(name) for name in TEXT_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if self.has_text():
            titles, bodies = field_names("title"), field_names("body")
            if not any(cleaned.get(name) for name in titles):
                self.add_error(titles[0], _("Give the page a title in at least one language."))
            if not any(cleaned.get(name) for name in bodies):
                self.add_error(bodies[0], _("Give the page a text in at least one language."))
        return cleaned


# A title and a text per language, declared before the subclasses inherit them (the admin's
# fieldsets name them); first, as if written at the top of the class.
VersionTextForm.declared_fields = _language_fields() | VersionTextForm.declared_fields
VersionTextForm.base_fields = dict(VersionTextForm.declared_fields)


class PageForm(VersionTextForm):
    class Meta:
        model = Page
        fields = ["kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = (
            selectors.page_version_current(kind=self.instance.kind) if self.instance.pk else None
        )
        if self.current is not None and not self.is_bound:
            for name in TEXT_FIELDS:
                self.initial[name] = getattr(self.current, name) or ""

    def text_changed(self) -> bool:
        return self.has_text() and not services.page_version_text_equals(
            self.current, **self.texts()
        )


class PageVersionHistory(admin.TabularInline):
    """Every published version of the page, newest first; nothing here can be changed."""

    model = PageVersion
    verbose_name = _("published version")
    verbose_name_plural = _("history: published versions")
    fields = ["number", *field_names("title"), "published_at", "author", "change_note"]
    readonly_fields = fields
    ordering = ["-number"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ["__str__", "current_number", "current_since"]
    inlines = [PageVersionHistory]
    fieldsets = [(None, {"fields": ["kind"]}), *VERSION_FIELDSETS]

    class Media:
        css = SIDE_BY_SIDE

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                current_number=Max("versions__number"),
                current_since=Max("versions__published_at"),
            )
        )

    @admin.display(description=_("version in force"), ordering="current_number")
    def current_number(self, obj):
        return obj.current_number or "–"

    @admin.display(description=_("in force since"), ordering="current_since")
    def current_since(self, obj):
        return obj.current_since or "–"

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj is not None else []

    def has_add_permission(self, request):
        # The five pages exist from the start; adding is only for one that went missing.
        return super().has_add_permission(request) and Page.objects.count() < len(Page.Kind)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not form.text_changed():
            if change and form.has_text():
                self.message_user(
                    request, gettext("The text is unchanged: no new version."), messages.INFO
                )
            return
        version = services.page_version_publish(
            page_kind=obj.kind,
            change_note=form.cleaned_data.get("change_note", ""),
            actor=request.user,
            **form.texts(),
        )
        self.message_user(
            request,
            gettext("Version %(number)s published.") % {"number": version.number},
            messages.SUCCESS,
        )


class PageVersionAddForm(VersionTextForm):
    class Meta:
        model = PageVersion
        fields = ["page"]

    def clean(self):
        cleaned = super().clean()
        page = cleaned.get("page")
        if not self.has_text():
            raise ValidationError(_("Write the text of the new version."))
        if page is not None and services.page_version_text_equals(
            selectors.page_version_current(kind=page.kind), **self.texts()
        ):
            raise ValidationError(_("This is the text of the version in force already."))
        return cleaned

    def _post_clean(self):
        # Number, date and author are the service's to give; it validates the whole version.
        pass


@admin.register(PageVersion)
class PageVersionAdmin(admin.ModelAdmin):
    """Published versions, read-only; a new one is published through the service."""

    list_display = ["page", "number", *field_names("title"), "published_at", "author"]
    list_filter = ["page"]
    list_select_related = ["page", "author"]
    search_fields = [*field_names("title"), "change_note"]
    date_hierarchy = "published_at"
    fields = [
        "page",
        "number",
        "published_at",
        "author",
        "change_note",
        *TEXT_FIELDS,
    ]

    class Media:
        css = SIDE_BY_SIDE

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PageVersionAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["page"]}), *VERSION_FIELDSETS]
        return super().get_fieldsets(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        version = services.page_version_publish(
            page_kind=form.cleaned_data["page"].kind,
            change_note=form.cleaned_data.get("change_note", ""),
            actor=request.user,
            **form.texts(),
        )
        # The admin goes on with ``obj`` (its log entry, its redirect): make it the new row.
        obj.__dict__.update(
            {key: value for key, value in version.__dict__.items() if key != "_state"}
        )
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["public_id", "categories", "policy_version", "created_at"]
    list_filter = ["policy_version"]
    date_hierarchy = "created_at"
    readonly_fields = ["public_id", "categories", "policy_version", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
