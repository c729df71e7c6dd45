from django.db.models import Prefetch, QuerySet

from twinning.participation.models import Message, Reply, Report


def questions_public() -> QuerySet[Message]:
    """Published questions with their answers, newest first."""
    replies = Reply.objects.order_by("sent_at", "pk")
    return Message.objects.public().prefetch_related(Prefetch("replies", queryset=replies))


def messages_for_staff(*, status: str = "") -> QuerySet[Message]:
    messages = Message.objects.all()
    return messages.filter(status=status) if status else messages


def messages_for_staff_detail() -> QuerySet[Message]:
    replies = Reply.objects.select_related("author").order_by("sent_at", "pk")
    return Message.objects.prefetch_related(Prefetch("replies", queryset=replies))


def reports_for_staff(*, status: str = "") -> QuerySet[Report]:
    reports = Report.objects.select_related("content_type", "handled_by")
    return reports.filter(status=status) if status else reports


def messages_new_count() -> int:
    return Message.objects.filter(status=Message.Status.NEW).count()


def reports_open_count() -> int:
    return Report.objects.exclude(status__in=Report.CLOSED).count()
