from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from twinning.accounts import services
from twinning.accounts.forms import UserChangeForm, UserCreationForm
from twinning.accounts.models import User
from twinning.accounts.rules import may


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    actions = ["send_totp_enrolment_link"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal information"), {"fields": ["full_name", "preferred_language"]}),
        (
            _("Role and permissions"),
            {"fields": ["role", "is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    @admin.action(description=_("Send a two-factor set-up link"))
    def send_totp_enrolment_link(self, request, queryset):
        # A link is also how a staff member who lost their phone sets up a new one.
        sent = skipped = 0
        for user in queryset:
            if user.requires_two_factor and user.is_active:
                services.totp_enrolment_link_send(actor=request.user, user=user)
                sent += 1
            else:
                skipped += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A set-up link was sent to %(count)s account.",
                    "A set-up link was sent to %(count)s accounts.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)s account was skipped: only active staff accounts use two-factor "
                    "login.",
                    "%(count)s accounts were skipped: only active staff accounts use two-factor "
                    "login.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may(request.user, "accounts.manage_users"):
            actions.pop("send_totp_enrolment_link", None)
        return actions
