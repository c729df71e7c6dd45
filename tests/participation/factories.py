import factory

from twinning.participation.models import Message, Report


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    name = "Li Wei"
    email = factory.Sequence(lambda n: f"visitor{n}@example.cn")
    subject = factory.Sequence(lambda n: f"Question {n}")
    body = "Can schools in Chongqing find a partner school in Seattle?"
    language = "zh-hans"
    publish_consent = True
    privacy_version = 1
    thread_id = factory.Sequence(lambda n: f"<thread{n}@twinning.invalid>")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    url = "/en/"
    reason = Report.Reason.FALSE
    details = "The date is wrong."
    contact_email = "reporter@example.org"
