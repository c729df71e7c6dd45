from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site(request: HttpRequest) -> dict:
    """The site's name and this page's address in every language (switcher, hreflang)."""
    current = get_language()
    path = request.get_full_path()
    alternates = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"site_name": settings.TWINNING_SITE_NAME, "language_alternates": alternates}
