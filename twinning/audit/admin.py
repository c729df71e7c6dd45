from django.contrib import admin

from twinning.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the log is searched here by administrators, never changed."""

    list_display = ["at", "actor", "action", "target_model", "target_id", "delegation_id"]
    list_filter = ["action", "target_model"]
    search_fields = ["action", "target_model", "target_id"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
