"""Tags of the delegation PDFs, and the list of PDF links on a delegation's page."""

from django import template
from django.utils import translation
from django.utils.html import format_html, format_html_join

from twinning.accounts.rules import may
from twinning.delegations.models import Member

register = template.Library()


class ParallelNode(template.Node):
    def __init__(self, nodelist: template.NodeList, css_class: template.base.FilterExpression):
        self.nodelist = nodelist
        self.css_class = css_class

    def render(self, context) -> str:
        languages = context.get("languages") or [translation.get_language()]
        columns = []
        for code in languages:
            with translation.override(code):
                columns.append((code, self.nodelist.render(context)))
        css_class = self.css_class.resolve(context) if self.css_class else ""
        return format_html(
            '<div class="par{}{}">{}</div>',
            " " if css_class else "",
            css_class or "",
            format_html_join("", '<div class="col" lang="{}">{}</div>', columns),
        )


@register.tag
def parallel(parser, token):
    """Render the enclosed block once per language of the document, side by side.

    ``{% parallel %}…{% endparallel %}`` (two columns when the document is in both
    languages) or ``{% parallel "stack" %}`` (the languages one under the other). Inside,
    ``{% translate %}``, ``{% tr %}``, dates and amounts follow each column's language.
    """
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("parallel takes at most one argument (a CSS class)")
    css_class = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endparallel",))
    parser.delete_first_token()
    return ParallelNode(nodelist, css_class)


@register.inclusion_tag("delegations/includes/pdf_links.html")
def delegation_pdfs(delegation, user):
    """The delegation's PDF documents, each shown only to those who may open it."""
    member = None
    if user is not None and user.is_authenticated:
        member = Member.objects.filter(delegation=delegation, user=user, confirmed=True).first()
    return {
        "delegation": delegation,
        "my_member": member,
        "briefing_book": may(user, "delegations.download_briefing_book", delegation),
    }
