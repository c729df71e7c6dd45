"""Which public content a reported address shows (services.content_set_hidden hides it)."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.db.models import Model
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path

from twinning.exchanges.models import Exchange
from twinning.participation.models import Message
from twinning.people.models import Organisation, Person

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
