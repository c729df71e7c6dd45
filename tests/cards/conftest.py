from tests.cards.stripe_fakes import fake_stripe, stripe_keys  # noqa: F401 (fixtures)
