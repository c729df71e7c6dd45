"""Bar charts drawn on the server as SVG: no script, text in the reader's language.

Each chart has a <title> and a <desc> that says every bar's label and value, and the
page's figures are also there as text beside it, so a screen reader and a phone both get
the numbers without the picture.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from twinning.core.backoffice import Figure

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 320, 18, 10, 120


def bars(key: str, title: str, figures: list[Figure]) -> SafeString:
    """A horizontal bar per figure with a share; "" when no figure has one."""
    shown = [f for f in figures if f.share is not None]
    if not shown:
        return SafeString("")
    ident = "chart-" + key.replace(".", "-")
    height = len(shown) * (BAR_HEIGHT + GAP) + GAP
    track = WIDTH - LABEL_WIDTH - 70
    rows = format_html_join(
        "",
        '<g transform="translate(0 {})">'
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="0" width="{}" height="{}" class="chart-track"></rect>'
        '<rect x="{}" y="0" width="{}" height="{}" class="chart-bar chart-bar-{}"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text></g>',
        (
            (
                GAP + index * (BAR_HEIGHT + GAP),
                BAR_HEIGHT - 4,
                figure.label,
                LABEL_WIDTH,
                track,
                BAR_HEIGHT,
                LABEL_WIDTH,
                round(track * max(0.0, min(figure.share, 1.0)), 1),
                BAR_HEIGHT,
                index,
                LABEL_WIDTH + track + 6,
                BAR_HEIGHT - 4,
                figure.value,
            )
            for index, figure in enumerate(shown)
        ),
    )
    description = "; ".join(f"{figure.label}: {figure.value}" for figure in shown)
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        ident,
        ident,
        ident,
        title,
        ident,
        description,
        rows,
    )
