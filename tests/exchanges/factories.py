import datetime

import factory
from django.utils import timezone

from tests.cities.factories import RelationshipFactory
from twinning.exchanges.models import Category, Exchange, Participation, Quantity


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_zh_hans = factory.Sequence(lambda n: f"类别{n}")
    colour = "#0b5f8a"


class ExchangeFactory(factory.django.DjangoModelFactory):
    """A published record by default; use status=Exchange.Status.DRAFT for a draft."""

    class Meta:
        model = Exchange

    key = factory.Sequence(lambda n: f"record-{n}")
    relationship = factory.SubFactory(RelationshipFactory)
    category = factory.SubFactory(CategoryFactory)
    direction = Exchange.Direction.A_TO_B
    date_start = datetime.date(2012, 3, 1)
    date_precision = "month"
    title_en = factory.Sequence(lambda n: f"Exchange record {n}")
    title_zh_hans = factory.Sequence(lambda n: f"交流记录{n}")
    summary_en = "A delegation visited the sister city."
    summary_zh_hans = "代表团访问了友好城市。"
    status = Exchange.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    exchange = factory.SubFactory(ExchangeFactory)
    person = factory.SubFactory("tests.people.factories.PersonFactory")


class QuantityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quantity

    exchange = factory.SubFactory(ExchangeFactory)
    count = 16808
    item_en = "N95 masks"
    item_zh_hans = "N95口罩"
