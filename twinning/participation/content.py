"""Which public content a reported address shows, and how to hide it."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.db.models import Model
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path

from twinning.accounts.models import User
from twinning.exchanges.models import Exchange
from twinning.exchanges.services import exchange_set_hidden
from twinning.participation.models import Message
from twinning.people.models import Organisation, Person
from twinning.people.services import people_set_hidden

# url name → how to find the object from the URL's keyword arguments
_FINDERS: dict[str, Callable[[dict], Model | None]] = {
    "exchanges:detail": lambda kw: Exchange.objects.filter(key=kw["key"]).first(),
    "exchanges:person_detail": lambda kw: Person.objects.filter(slug=kw["slug"]).first(),
    "exchanges:organisation_detail": lambda kw: Organisation.objects.filter(
        slug=kw["slug"]
    ).first(),
    "participation:question": lambda kw: Message.objects.filter(pk=kw["pk"]).first(),
}


def content_for_url(url: str) -> Model | None:
    """The object a page of this site shows, if it is one that can be hidden."""
    path = urlsplit(url).path
    language = get_language_from_path(path)
    if language is None:
        return None
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    finder = _FINDERS.get(match.view_name)
    return finder(match.kwargs) if finder else None


def content_set_hidden(*, obj: Model, hidden: bool, user: User) -> None:
    """Hide (or show again) reported content: it leaves pages, feeds, sitemap and search."""
    if isinstance(obj, Exchange):
        exchange_set_hidden(exchange=obj, hidden=hidden, user=user)
    elif isinstance(obj, Person | Organisation):
        people_set_hidden(obj=obj, hidden=hidden)
    elif isinstance(obj, Message):
        obj.hidden = hidden
        obj.save(update_fields=["hidden", "updated_at"])
    else:
        raise TypeError(f"{type(obj).__name__} cannot be hidden")
