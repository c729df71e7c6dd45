import rules

from twinning.accounts.rules import add_model_perms, is_administrator, is_back_office, is_moderator

for model in ("person", "organisation", "appointment"):
    add_model_perms(
        f"people.{model}",
        view=is_back_office,
        add=is_back_office,
        change=is_back_office,
        delete=is_administrator,
    )

# Hiding a page after a report is a moderator's decision, as for exchange records.
rules.add_perm("people.hide_people", is_moderator)
