"""Who may see what a registrant owes, and who records payments and issues invoices."""

import rules

from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator
from twinning.delegations.rules import coordinates
from twinning.registrations.rules import coordinates_registration, is_registrant


@rules.predicate
def is_document_registrant(user, document) -> bool:
    return document is not None and is_registrant(user, document.registration)


@rules.predicate
def coordinates_document(user, document) -> bool:
    return document is not None and coordinates_registration(user, document.registration)


@rules.predicate
def coordinates_row_delegation(user, delegation) -> bool:
    return coordinates(user, delegation)


# The registrant and the delegation's coordinators see the money side of a registration.
rules.add_perm("payments.see_account", is_active_user & (is_registrant | coordinates_registration))
rules.add_perm(
    "payments.download_document",
    is_active_user & (is_document_registrant | coordinates_document),
)
rules.add_perm(
    "payments.change_billing", is_active_user & (is_registrant | coordinates_registration)
)
rules.add_perm("payments.issue_invoice", coordinates_registration | is_administrator)
rules.add_perm("payments.issue_credit_note", coordinates_document | is_administrator)
rules.add_perm("payments.record_payment", coordinates_registration | is_administrator)
# Money going back out (a bank transfer by a coordinator, a card refund reported by Stripe).
rules.add_perm("payments.record_refund", coordinates_registration | is_administrator)
rules.add_perm("payments.confirm_invoice_to_follow", coordinates_registration)
# Statements: a coordinator of the delegation imports and matches its rows.
rules.add_perm("payments.import_statement", coordinates_row_delegation | is_administrator)
rules.add_perm("payments.match_row", coordinates_row_delegation | is_administrator)
# Reminders are the scheduler's work (the system actor).
rules.add_perm("payments.remind", is_administrator)
# How to pay is e-mailed by the system when a registration starts to await payment.
rules.add_perm("payments.send_instructions", is_administrator)

for model in (
    "issuer",
    "counter",
    "invoice",
    "creditnote",
    "billingdetails",
    "paymentreference",
    "bankstatement",
    "bankrow",
    "payment",
    "invoicetofollow",
    "refund",
):
    add_model_perms(
        f"payments.{model}",
        view=is_administrator,
        add=is_administrator,
        change=is_administrator,
        delete=is_administrator,
    )
