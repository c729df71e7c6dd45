"""Who pays by card, who refunds a card payment, and who processes Stripe's events."""

import rules

from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator
from twinning.registrations.rules import coordinates_registration, is_registrant

rules.add_perm("cards.pay", is_active_user & is_registrant)
rules.add_perm("cards.refund", coordinates_registration | is_administrator)
# Stripe's webhook acts as the system actor, once the signature is verified.
rules.add_perm("cards.process_event", is_administrator)

for model in ("checkoutsession", "stripeevent", "cardrefund"):
    add_model_perms(
        f"cards.{model}",
        view=is_administrator,
        add=is_administrator,
        change=is_administrator,
        delete=is_administrator,
    )
