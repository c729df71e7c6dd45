"""The office's queues: messages to answer, reports to triage."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from twinning.accounts.rules import may, require
from twinning.participation import selectors, services
from twinning.participation.forms import ReplyForm, ReportDecisionForm
from twinning.participation.models import Message, Report


def _run(request: HttpRequest, done: str, action, **kwargs) -> None:
    try:
        action(actor=request.user, **kwargs)
        flash.success(request, done)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))


def _queue(request: HttpRequest, template: str, statuses, items) -> HttpResponse:
    """A queue filtered by a status from the URL (an unknown one shows everything)."""
    status = request.GET.get("status", "")
    if status not in statuses.values:
        status = ""
    page = Paginator(items(status=status), 50).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "status": status, "statuses": statuses.choices})


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "participation.handle_messages")
    return _queue(
        request,
        "participation/backoffice/message_list.html",
        Message.Status,
        selectors.messages_for_staff,
    )


@login_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participation.handle_messages")
    message = get_object_or_404(selectors.messages_for_staff_detail(), pk=pk)
    form = ReplyForm(request.POST if request.POST.get("action") == "reply" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reply" and form.is_valid():
            services.message_reply(
                message=message, body=form.cleaned_data["body"], actor=request.user
            )
            flash.success(request, _("Your answer has been sent by e-mail."))
            return redirect("participation_backoffice:message", pk=pk)
        if action in ("publish", "unpublish"):
            _run(
                request,
                _("Saved."),
                services.message_set_published,
                message=message,
                published=action == "publish",
            )
            return redirect("participation_backoffice:message", pk=pk)
        if action == "close":
            _run(request, _("Saved."), services.message_close, message=message)
            return redirect("participation_backoffice:message", pk=pk)
    return render(
        request, "participation/backoffice/message_detail.html", {"message": message, "form": form}
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "participation.view_reports")
    return _queue(
        request,
        "participation/backoffice/report_list.html",
        Report.Status,
        selectors.reports_for_staff,
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participation.view_reports")
    report = get_object_or_404(selectors.reports_for_staff(), pk=pk)
    form = ReportDecisionForm(request.POST or None)
    triages = may(request.user, "participation.handle_reports")
    if request.method == "POST":
        require(request.user, "participation.handle_reports")
        action = request.POST.get("action")
        if action == "review":
            _run(request, _("Review started."), services.report_start_review, report=report)
        elif action in ("hide", "dismiss") and form.is_valid():
            _run(
                request,
                _("The content is hidden.") if action == "hide" else _("Report dismissed."),
                services.report_close,
                report=report,
                hide=action == "hide",
                note=form.cleaned_data["staff_note"],
            )
        elif action == "notify":
            _run(
                request,
                _("The reporter has been told."),
                services.report_notify_reporter,
                report=report,
            )
        return redirect("participation_backoffice:report", pk=pk)
    return render(
        request,
        "participation/backoffice/report_detail.html",
        {"report": report, "form": form, "triages": triages},
    )
