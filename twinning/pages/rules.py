import rules

from twinning.accounts.rules import add_model_perms, is_administrator, is_back_office

# Back-office staff keep the pages up to date. A published version is never changed or
# deleted: a correction is a new version.
add_model_perms(
    "pages.page",
    view=is_back_office,
    add=is_back_office,
    change=is_back_office,
    delete=rules.always_deny,
)
add_model_perms(
    "pages.pageversion",
    view=is_back_office,
    add=is_back_office,
    change=rules.always_deny,
    delete=rules.always_deny,
)
# Cookie choices hold nothing about a person; administrators may look, nobody edits.
add_model_perms(
    "pages.consentrecord",
    view=is_administrator,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)
