import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")

application = get_wsgi_application()

if os.environ.get("TWINNING_SEARCH_WARM_UP", "").lower() in {"1", "true", "yes"}:
    # Build the search dictionaries (CC-CEDICT, seconds of work) before the first request
    # rather than during it; with gunicorn --preload the workers share them.
    from twinning.search.dictionary import warm_up

    warm_up()
