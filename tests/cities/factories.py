import datetime

import factory

from twinning.cities.models import City, CityFact, Relationship


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    slug = factory.Sequence(lambda n: f"city-{n}")
    name_en = factory.Sequence(lambda n: f"City {n}")
    name_zh_hans = factory.Sequence(lambda n: f"城市{n}")
    country_en = "Country"
    country_zh_hans = "国家"
    time_zone = "Asia/Shanghai"


class CityFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityFact

    city = factory.SubFactory(CityFactory)
    category = CityFact.Category.ECONOMY
    text_en = factory.Sequence(lambda n: f"Economic fact {n}")
    text_zh_hans = factory.Sequence(lambda n: f"经济概况{n}")
    position = factory.Sequence(int)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    slug = factory.Sequence(lambda n: f"pair-{n}")
    city_a = factory.SubFactory(CityFactory)
    city_b = factory.SubFactory(CityFactory)
    established_on = datetime.date(1983, 6, 1)
    established_precision = "month"
