from django.db import migrations


def copy_refunds(apps, schema_editor):
    """Card refunds recorded before payments kept refunds: the same money, once, there."""
    CardRefund = apps.get_model("cards", "CardRefund")
    Refund = apps.get_model("payments", "Refund")
    known = set(Refund.objects.values_list("external_id", flat=True))
    for card_refund in CardRefund.objects.select_related("payment").order_by("pk"):
        if card_refund.refund_id in known:
            continue
        Refund.objects.create(
            registration_id=card_refund.payment.registration_id,
            payment_id=card_refund.payment_id,
            amount=card_refund.amount,
            method="card",
            external_id=card_refund.refund_id,
            reason=card_refund.reason,
            refunded_at=card_refund.created_at,
            recorded_by_id=card_refund.created_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0001_card_payments_and_stripe_events"),
        ("payments", "0003_refunds"),
    ]

    operations = [migrations.RunPython(copy_refunds, migrations.RunPython.noop)]
