"""Background work of the delegations (django-tasks; `twinning db_worker` runs it)."""

import logging

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from twinning.accounts.rules import may
from twinning.core.languages import short_name
from twinning.core.translation_fields import field_names, language_codes
from twinning.delegations import pdf
from twinning.delegations.models import Audience, Delegation, Document

logger = logging.getLogger(__name__)


def language_label(language: str) -> str:
    """The book's language as its title names it: EN, 中文, or EN + 中文 for "both"."""
    return " + ".join(short_name(code) for code in pdf.document_languages(language))


def briefing_book_titles(language: str) -> dict[str, str]:
    """The stored document's title in each language, e.g. "Briefing book (EN)"."""
    titles = {}
    for code, field in zip(language_codes(), field_names("title"), strict=True):
        with translation.override(code):
            titles[field] = gettext("Briefing book (%(language)s)") % {
                "language": language_label(language)
            }
    return titles


@transaction.atomic
def briefing_book_store(*, delegation: Delegation, language: str, content: bytes) -> Document:
    """Store the book as a members' document, replacing the one in the same language."""
    titles = briefing_book_titles(language)
    key = field_names("title")[0]  # the same book has the same title in the first language
    # Ordered by pk: the default ordering joins the (nullable) session, which PostgreSQL
    # cannot lock FOR UPDATE.
    for old in (
        Document.objects.select_for_update()
        .filter(delegation=delegation, session=None, **{key: titles[key]})
        .order_by("pk")
    ):
        storage, name = old.file.storage, old.file.name
        old.delete()
        # The old file goes only once the new document is in place.
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    document = Document(delegation=delegation, audience=Audience.MEMBERS, **titles)
    document.file.save(f"briefing-book-{language}.pdf", ContentFile(content), save=False)
    document.save()
    return document


@task()
def build_briefing_book(delegation_id: int, user_id: int, language: str) -> int | None:
    """Render the briefing book as ``user`` asked for it and store it; the document's id."""
    delegation = (
        Delegation.objects.select_related("relationship__city_a", "relationship__city_b")
        .prefetch_related("aims", "fees", "contacts")
        .filter(pk=delegation_id)
        .first()
    )
    user = get_user_model().objects.filter(pk=user_id).first()
    if delegation is None or user is None:
        return None
    if not may(user, "delegations.download_briefing_book", delegation):
        logger.warning("Briefing book of %s refused to user %s", delegation.slug, user_id)
        return None
    content = pdf.briefing_book_pdf(
        delegation=delegation, user=user, language=language, audience=Audience.MEMBERS
    )
    return briefing_book_store(delegation=delegation, language=language, content=content).pk
