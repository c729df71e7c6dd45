"""The visa invitation letter as a PDF: every language of the portal side by side.

Printed by WeasyPrint like the delegation documents (delegations/pdf.py): system fonts
(Noto Sans CJK), and nothing fetched, the fetcher accepts only ``data:``.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from twinning.core.translation_fields import language_codes
from twinning.visas.models import VisaLetter

TEMPLATES = Path(__file__).resolve().parent / "templates" / "visas" / "pdf"


@cache
def _stylesheet() -> str:
    return (TEMPLATES / "letter.css").read_text(encoding="utf-8")


def letter_pdf(*, letter: VisaLetter) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, and only PDFs need it.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    languages = language_codes()
    registration = letter.registration
    with translation.override(languages[0]):
        html = render_to_string(
            "visas/pdf/letter.html",
            {
                "letter": letter,
                "delegation": registration.delegation,
                "languages": languages,
                "both": len(languages) > 1,
                "site_name": settings.TWINNING_SITE_NAME,
            },
        )
    fetcher = URLFetcher(allowed_protocols={"data"})
    base_url = TEMPLATES.as_uri() + "/"
    stylesheet = CSS(string=_stylesheet(), base_url=base_url, url_fetcher=fetcher)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet]
    )
