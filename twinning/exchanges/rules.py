import rules

from twinning.accounts.rules import add_model_perms, is_administrator, is_back_office, is_moderator

for model in ("exchange", "participation", "quantity", "attachment", "source", "category"):
    add_model_perms(
        f"exchanges.{model}",
        view=is_back_office,
        add=is_back_office,
        change=is_back_office,
        delete=is_administrator,
    )

# Coordinators write and submit for review; moderators and administrators publish and hide.
rules.add_perm("exchanges.publish_exchange", is_moderator)
rules.add_perm("exchanges.hide_exchange", is_moderator)
rules.add_perm("exchanges.import_exchanges", is_back_office)
