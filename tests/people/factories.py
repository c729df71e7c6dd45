import factory

from twinning.people.models import Appointment, Organisation, Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_zh_hans = factory.Sequence(lambda n: f"机构{n}")
    kind = Organisation.Kind.COMPANY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    name_en = factory.Sequence(lambda n: f"Person {n}")
    name_zh_hans = factory.Sequence(lambda n: f"人物{n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    office_en = "Mayor of Seattle"
    office_zh_hans = "西雅图市长"
    start_year = 2010
    end_year = 2013
