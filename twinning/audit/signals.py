"""Permission changes: an account's role and rights are changed in the admin.

The admin writes a ``LogEntry`` for every change it saves, with the administrator and the
names of the changed fields; an account's entry is mirrored here.
"""

import json

from django.conf import settings

from twinning.audit.services import audit_record


def account_changed_in_admin(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not created or instance.content_type is None:
        return
    if instance.content_type.natural_key() != tuple(settings.AUTH_USER_MODEL.lower().split(".")):
        return
    try:
        items = json.loads(instance.change_message or "[]")
    except ValueError:
        items = []
    changed = sorted(
        {
            str(name)
            for item in items
            if isinstance(item, dict)
            for name in (item.get("changed") or {}).get("fields", [])
        }
    )
    audit_record(
        actor=instance.user,
        action="accounts.changed_in_admin",
        data={
            "account": str(instance.object_id),
            "flag": instance.action_flag,
            "fields": changed,
        },
    )
