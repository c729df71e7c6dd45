"""A delegation's own questions as form fields, their conditions, and their answers.

Every question is a field named ``q<pk>``. A question with a condition is shown with a
note saying when it applies (and hidden by a few lines of script where script runs); on
the server it is required, and its answer kept, only when the condition holds.
"""

import datetime

from babel import Locale
from django import forms
from django.utils import translation
from django.utils.translation import gettext as _

from twinning.core.templatetags.twinning import translated_value
from twinning.registrations.models import Question

Kind = Question.Kind


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166 countries named in the reader's language (Babel's CLDR data)."""
    language = (translation.get_language() or "en").replace("-", "_")
    locale = Locale.parse("zh_Hans" if language.startswith("zh") else language)
    names = {code: name for code, name in locale.territories.items() if len(code) == 2}
    names.pop("ZZ", None)
    return sorted(names.items(), key=lambda item: item[1])


def _choices(question: Question) -> list[tuple[str, str]]:
    return [(c.value, translated_value(c, "label")[0]) for c in question.choices.all()]


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def form_field(question: Question) -> forms.Field:
    field = _field(question)
    if question.show_if_id:
        # Read by registrations/js/conditions.js to hide the question while it does not apply.
        field.widget.attrs.update(
            {
                "data-show-if": field_name(question.show_if),
                "data-show-if-value": question.show_if_value,
            }
        )
    return field


def _field(question: Question) -> forms.Field:
    label = translated_value(question, "label")[0]
    help_text = translated_value(question, "help_text")[0]
    if question.show_if_id:
        condition = _("Only if you answered “%(answer)s” to “%(question)s”.") % {
            "answer": _answer_label(question.show_if, question.show_if_value),
            "question": translated_value(question.show_if, "label")[0],
        }
        help_text = f"{help_text} {condition}".strip()
    common = {"label": label, "help_text": help_text, "required": False}
    if question.kind == Kind.TEXT:
        return forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if question.kind == Kind.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *_choices(question)], **common)
    if question.kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common
        )
    if question.kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.ChoiceField(choices=[("", "—"), *country_choices()], **common)


def _answer_label(question: Question, value: str) -> str:
    if question.kind == Kind.YES_NO:
        return _("Yes") if value == "yes" else _("No")
    if question.kind == Kind.COUNTRY:
        return dict(country_choices()).get(value, value)
    return dict(_choices(question)).get(value, value)


def applies(question: Question, data: dict) -> bool:
    """Whether the question is asked, given the answers cleaned so far."""
    if not question.show_if_id:
        return True
    earlier = data.get(field_name(question.show_if))
    if isinstance(earlier, list):
        return question.show_if_value in earlier
    return earlier == question.show_if_value


def _empty(value) -> bool:
    return value in (None, "", [])


def clean_answers(questions: list[Question], data: dict, add_error) -> dict[int, object]:
    """The answers to keep, as JSON values by question id; missing required ones are errors."""
    answers: dict[int, object] = {}
    for question in questions:
        name = field_name(question)
        value = data.get(name)
        if not applies(question, data):
            continue
        if _empty(value):
            if question.required:
                add_error(name, _("This field is required."))
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        answers[question.pk] = value
    return answers


def answer_text(question: Question, value) -> str:
    """A kept answer as the reader reads it: choice labels, Yes/No, a country's name."""
    if isinstance(value, list):
        # Translators: between the choices of one answer in a list or an export ("、" in Chinese).
        separator = _("; ")
        return separator.join(_answer_label(question, item) for item in value)
    if question.kind in (Kind.CHOICE, Kind.YES_NO, Kind.COUNTRY):
        return _answer_label(question, str(value))
    return str(value)
