"""E-mail text from templates: plain text, so nothing is HTML-escaped ("Q&A" stays "Q&A"),
and subjects on one line, so a stray newline can never make a header Django refuses
(BadHeaderError) after the record the mail is about has been stored."""

from django.template import Context, engines
from django.utils import translation


def render_plain(template_name: str, context: dict, *, language: str) -> str:
    with translation.override(language):
        template = engines["django"].engine.get_template(template_name)
        return template.render(Context(context, autoescape=False)).strip()


def render_subject(template_name: str, context: dict, *, language: str) -> str:
    return one_line(render_plain(template_name, context, language=language))


def one_line(text: str) -> str:
    return " ".join(text.split())
