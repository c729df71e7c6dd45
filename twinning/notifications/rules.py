import rules

from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator

# Any signed-in actor whose action causes an e-mail queues it (the system actor too);
# what the e-mail says is decided by the service that queues it, never by the caller.
rules.add_perm("notifications.queue", is_active_user)
add_model_perms(
    "notifications.notification",
    view=is_administrator,
    add=is_administrator,
    change=is_administrator,
    delete=is_administrator,
)
