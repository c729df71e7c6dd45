import rules

from twinning.accounts.rules import (
    add_model_perms,
    is_administrator,
    is_back_office,
    is_moderator,
    may,
)
from twinning.exchanges.models import Exchange


@rules.predicate
def is_published(user, exchange) -> bool:
    """The record as stored is published (the gate is asked before anything changes)."""
    return exchange is not None and exchange.status == Exchange.Status.PUBLISHED


@rules.predicate
def records_an_outcome_the_user_may_publish(user, exchange) -> bool:
    """The record is the archive entry of a delegation outcome this user may publish.

    The link is set (at least in memory) before the record is written, so the gate sees
    whose outcome it records; see delegations.services.outcome_publish_to_archive.
    """
    outcome = getattr(exchange, "delegation_outcome", None) if exchange is not None else None
    return outcome is not None and may(user, "delegations.publish_outcome", outcome)


for model in ("participation", "quantity", "attachment", "source", "category"):
    add_model_perms(
        f"exchanges.{model}",
        view=is_back_office,
        add=is_back_office,
        change=is_back_office,
        delete=is_administrator,
    )

# Coordinators write and submit for review; moderators and administrators publish and hide.
# A published record is live: changing it is a publisher's decision as much as publishing
# it was, so without the right to publish an edit of a published record is refused.
add_model_perms(
    "exchanges.exchange",
    view=is_back_office,
    add=is_back_office | records_an_outcome_the_user_may_publish,
    change=is_back_office & (~is_published | is_moderator),
    delete=is_administrator,
)
rules.add_perm("exchanges.publish_exchange", is_moderator | records_an_outcome_the_user_may_publish)
rules.add_perm("exchanges.hide_exchange", is_moderator)
rules.add_perm("exchanges.import_exchanges", is_back_office)
# Restoring an old version rewrites the record, its status included, in one step.
rules.add_perm("exchanges.revert_exchange", is_moderator)
