"""A minimal browser for the stack's tests: one connection per request, cookies kept,
redirects not followed (their target is the answer)."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf(self) -> str:
        found = CSRF_FIELD.search(self.text)
        if found is None:
            raise AssertionError(f"no CSRF token in the page ({self.status})")
        return found.group(1)


class Browser:
    def __init__(self, base: str, *, timeout: float = 30.0, language: str = "en", source: str = ""):
        parts = urlsplit(base)
        # Another loopback address (127.0.0.2, ...) stands for another client machine.
        self.source = (source, 0) if source else None
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.language = language
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Answer:
        headers = {"Accept-Language": self.language, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout, source_address=self.source
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, text)

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, data: dict, headers: dict | None = None) -> Answer:
        return self.request("POST", path, data, headers)
