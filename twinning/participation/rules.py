import rules

from twinning.accounts.rules import add_model_perms, is_administrator, is_back_office, is_moderator

rules.add_perm("participation.handle_messages", is_back_office)
rules.add_perm("participation.handle_reports", is_moderator)
# Deleting what is past its retention period is the nightly command's job (the system
# actor); an administrator may run it by hand.
rules.add_perm("participation.purge", is_administrator)
# Moderators triage reports; the rest of the back office may read the queue, so a
# coordinator sees what was reported about the content they look after.
rules.add_perm("participation.view_reports", is_back_office)

for model in ("message", "reply", "report"):
    add_model_perms(
        f"participation.{model}",
        view=is_back_office,
        add=is_administrator,
        change=is_administrator,
        delete=is_administrator,
    )
