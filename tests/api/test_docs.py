"""The schema is OpenAPI 3.1 and the browsable docs load only the project's own files."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_1_with_bearer_tokens(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["openapi"].startswith("3.1")
    assert {"type": "http", "scheme": "bearer"}.items() <= next(
        iter(schema["components"]["securitySchemes"].values())
    ).items()


def test_the_docs_page_names_no_outside_address(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()

    assert response.status_code == 200
    assert re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", html) == []
    assert re.findall(r'(?:src|href)="([^"]+)"', html) == [
        "/static/ninja/swagger-ui.css",
        "/static/ninja/favicon.svg",
        "/static/ninja/favicon.png",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert '"validatorUrl": null' in html  # no badge fetched from the validator service


def test_the_docs_stylesheet_loads_nothing_from_outside():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("ninja/swagger-ui.css")).read_text(encoding="utf-8")

    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", css) == []
    assert "@import" not in css
