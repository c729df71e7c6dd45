from django.conf import settings
from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twinning.participation import selectors, services
from twinning.participation.abuse import over_rate_limit
from twinning.participation.forms import MessageForm, ReportForm

TOO_MANY = 429


def _refuse(request: HttpRequest, template: str, form, status: int) -> HttpResponse:
    """Show the form again with what the visitor typed and why it was refused."""
    if status == TOO_MANY:
        form.new_question()  # the valid submission used its question up
    return render(request, template, {"form": form, "reporting": _reporting()}, status=status)


def _reporting() -> dict[str, str]:
    return {"phone": settings.TWINNING_REPORT_PHONE, "address": settings.TWINNING_REPORT_ADDRESS}


def message_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = MessageForm(initial={"language": get_language()})
        return render(request, "participation/message_form.html", {"form": form})
    form = MessageForm(request.POST)
    if form.honeypot_filled:
        return redirect("participation:message_sent")  # a bot: thank it, keep nothing
    if not form.is_valid():
        return _refuse(request, "participation/message_form.html", form, 400)
    if over_rate_limit(request, group="message", email=form.cleaned_data["email"]):
        form.add_error(
            None,
            _(
                "You have sent several messages in a short time. Your text is kept below: "
                "please try again later."
            ),
        )
        return _refuse(request, "participation/message_form.html", form, TOO_MANY)
    services.message_create(data=form.cleaned_data, language=get_language())
    return redirect("participation:message_sent")


def message_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/message_sent.html")


def message_delete(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        deleted = services.message_delete_by_visitor(token=token)
        return render(request, "participation/message_deleted.html", {"deleted": deleted})
    return render(request, "participation/message_delete.html")


def question_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "participation/question_list.html", {"questions": selectors.questions_public()}
    )


def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(selectors.questions_public(), pk=pk)
    return render(request, "participation/question_detail.html", {"question": question})


def report_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = ReportForm(initial={"url": request.GET.get("url", "")})
        return render(
            request, "participation/report_form.html", {"form": form, "reporting": _reporting()}
        )
    form = ReportForm(request.POST)
    if form.honeypot_filled:
        return redirect("participation:report_sent")
    if not form.is_valid():
        return _refuse(request, "participation/report_form.html", form, 400)
    if over_rate_limit(request, group="report", email=form.cleaned_data["contact_email"]):
        form.add_error(
            None,
            _("You have sent several reports in a short time. Please try again later."),
        )
        return _refuse(request, "participation/report_form.html", form, TOO_MANY)
    data = form.cleaned_data
    services.report_create(
        url=data["url"],
        reason=data["reason"],
        details=data["details"],
        contact_email=data["contact_email"],
        language=get_language(),
    )
    flash.success(request, _("Thank you. Your report has reached the office."))
    return redirect("participation:report_sent")


def report_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/report_sent.html")
