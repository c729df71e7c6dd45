import rules

from twinning.accounts.rules import add_model_perms, is_administrator, is_back_office, is_moderator

rules.add_perm("participation.handle_messages", is_back_office)
rules.add_perm("participation.handle_reports", is_moderator)

for model in ("message", "reply", "report"):
    add_model_perms(
        f"participation.{model}",
        view=is_back_office,
        add=is_administrator,
        change=is_administrator,
        delete=is_administrator,
    )
