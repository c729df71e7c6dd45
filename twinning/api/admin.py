"""Administrators see the webhook subscriptions and the delivery log; tokens are listed
(their secrets are not stored, so there is nothing to show)."""

from django.contrib import admin

from twinning.api.models import ApiToken, WebhookDelivery, WebhookSubscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "owner", "expires_at", "revoked_at", "last_used_at"]
    list_select_related = ["owner"]
    exclude = ["secret_hash"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["url", "active", "created_at"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "subscription", "status", "attempts", "response_code", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
