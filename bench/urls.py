"""The project's URLs plus the baseline: a minimal view through the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from twinning.urls import urlpatterns as project_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *project_urlpatterns]
