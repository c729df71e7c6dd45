"""How delegations and their public sessions appear to search.

Only what anyone may see is indexed: delegations that are not drafts and the sessions
open to the public of those; search re-filters every hit through the same querysets.
Delegations are written through the admin and the demo loader, so signals keep the index
in step: a session's text is part of its delegation's document too.
"""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from twinning.core.translation_fields import all_languages
from twinning.delegations.selectors import delegation_list_public, session_list_public
from twinning.search.registry import Searchable, register
from twinning.search.services import search_index_update


def _delegation_texts(delegation):
    bodies = [
        *all_languages(delegation, "description"),
        *all_languages(delegation, "organiser"),
        str(delegation.travel_start.year),
    ]
    for aim in delegation.aims.all():
        bodies += all_languages(aim, "title")
    for session in session_list_public().filter(delegation=delegation):
        bodies += all_languages(session, "title")
        bodies += all_languages(session.venue, "name")
    return all_languages(delegation, "title"), bodies


def _session_texts(session):
    bodies = [
        *all_languages(session, "description"),
        *all_languages(session, "speakers"),
        *all_languages(session.venue, "name"),
        *all_languages(session.venue, "address"),
        str(session.starts_at.year),
    ]
    return all_languages(session, "title"), bodies


def _delegation_changed(instance, **_kwargs) -> None:
    search_index_update(obj=instance)
    for session in instance.sessions.all():
        search_index_update(obj=session)


def _session_changed(instance, **_kwargs) -> None:
    from twinning.delegations.models import Delegation

    search_index_update(obj=instance)
    # A stand-in: on a cascading delete the delegation may be gone already.
    search_index_update(obj=Delegation(pk=instance.delegation_id))


def _aim_changed(instance, **_kwargs) -> None:
    from twinning.delegations.models import Delegation

    search_index_update(obj=Delegation(pk=instance.delegation_id))


def register_searchables() -> None:
    from twinning.delegations.models import Aim, Delegation, Session

    register(Searchable(Delegation, delegation_list_public, _delegation_texts, _("Delegation")))
    register(Searchable(Session, session_list_public, _session_texts, _("Programme session")))
    for sender, receiver in ((Delegation, _delegation_changed), (Session, _session_changed)):
        post_save.connect(receiver, sender=sender, dispatch_uid=f"search-save-{sender}")
        post_delete.connect(receiver, sender=sender, dispatch_uid=f"search-delete-{sender}")
    post_save.connect(_aim_changed, sender=Aim, dispatch_uid="search-save-aim")
    post_delete.connect(_aim_changed, sender=Aim, dispatch_uid="search-delete-aim")
