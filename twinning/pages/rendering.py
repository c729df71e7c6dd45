"""Markdown to safe HTML for page texts.

Staff write Markdown; Python-Markdown turns it into HTML and nh3 (the Rust ammonia
sanitiser) keeps only an allow-list of tags, attributes and link schemes, so no text can
bring in a script, an event handler, a ``javascript:`` link, a frame or an image from
another host. Headings move one level down: the page title is the only <h1>. A line
break between two Chinese characters is dropped (a browser would show it as a space).
"""

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "code", "pre", "blockquote", "a", "abbr", "sup", "sub", "del",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "*": {"lang"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
_CJK = r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uf900-\ufaff\uff00-\uffef]"
_CJK_LINE_BREAK = re.compile(rf"(?<={_CJK})\n[ \t]*(?={_CJK})")


class _DemoteHeadings(Treeprocessor):
    """The text's top heading level becomes h2 (the page's title is the h1), the others
    follow, so a text written with "##" does not jump from h1 to h3."""

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
        if not headings:
            return
        shift = 2 - min(int(e.tag[1]) for e in headings)
        for element in headings:
            element.tag = f"h{min(6, max(2, int(element.tag[1]) + shift))}"


class _DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "twinning_demote_headings", 5)


def markdown_to_html(text: str) -> SafeString:
    """Render Markdown ``text`` and sanitise the result; safe to put in a page as it is."""
    html = markdown.markdown(
        _CJK_LINE_BREAK.sub("", text or ""),
        extensions=["sane_lists", "tables", "def_list", "abbr", _DemoteHeadingsExtension()],
        output_format="html",
    )
    # nh3, an allow-list sanitiser, has just cleaned it.
    return mark_safe(  # nosec B308 B703
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_SCHEMES,
            link_rel="nofollow noopener",
        )
    )
