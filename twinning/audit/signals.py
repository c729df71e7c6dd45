"""Permission changes made outside the services: in the admin, and by a data request.

The admin writes a ``LogEntry`` for every change it saves, with the administrator and the
names of the changed fields. An account's entry (role, staff and superuser flags, groups,
active) is mirrored here, and so is a delegation's entry when its member rows (roles,
confirmation) were added, changed or removed through the delegation's page. An export or
erasure of someone's personal data (the erasure ends the account's rights) is mirrored
from its ``PersonalDataRequest``. Names in the admin's messages are never copied.
"""

import json

from django.conf import settings

from twinning.audit.services import audit_record

DELEGATION = ("delegations", "delegation")
# The member inline's model, as the admin names it in its (untranslated) change message.
MEMBER = "member"


def _items(instance) -> list[dict]:
    try:
        items = json.loads(instance.change_message or "[]")
    except ValueError:
        return []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _fields(items: list[dict]) -> list[str]:
    return sorted(
        {
            str(name)
            for item in items
            for name in ((item.get("changed") or {}).get("fields") or [])
            if isinstance(item.get("changed"), dict)
        }
    )


def _member_changes(items: list[dict]) -> list[dict]:
    changes = []
    for item in items:
        for change in ("added", "changed", "deleted"):
            inner = item.get(change)
            if isinstance(inner, dict) and str(inner.get("name", "")).lower() == MEMBER:
                changes.append(
                    {"change": change, "fields": sorted(str(f) for f in inner.get("fields") or [])}
                )
    return changes


def account_changed_in_admin(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not created or instance.content_type is None:
        return
    model = instance.content_type.natural_key()
    if model == tuple(settings.AUTH_USER_MODEL.lower().split(".")):
        audit_record(
            actor=instance.user,
            action="accounts.changed_in_admin",
            data={
                "account": str(instance.object_id),
                "flag": instance.action_flag,
                "fields": _fields(_items(instance)),
            },
        )
    elif model == DELEGATION:
        members = _member_changes(_items(instance))
        if members and str(instance.object_id).isdigit():
            audit_record(
                actor=instance.user,
                action="delegations.members_changed_in_admin",
                delegation=int(instance.object_id),
                data={"members": members},
            )


def personal_data_request_made(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not created:
        return
    audit_record(
        actor=instance.actor,
        action=f"accounts.personal_data_{instance.kind}",
        target=instance,
        data={"account": instance.user_id},
    )
