"""Bad input never makes a server error: every form of the site, filled by hypothesis.

Each page of the access matrix is opened by the roles that may see it; every POST form on
it (found in the HTML, so a new form is covered without a row here) is sent generated
values — hostile strings, numbers out of range, impossible dates, NUL bytes, huge texts,
unknown choices, missing fields, random files. The answer may be a form error, a
redirect, 400, 403, 404 or 429, never a 5xx (the test client raises what a view raises,
so an exception fails the case with its traceback). Each example runs in a savepoint that
is rolled back, so one example's writes never feed the next.

Figures (forms, cases) are in docs/security.md ("Bad input").
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.infra.test_access_matrix import ROWS, _as, _url, _world_once, world  # noqa: F401

# Forms that end the test's own session rather than take input.
SKIPPED_ACTIONS = ("/accounts/logout/", "/admin/logout/")
# Roles whose view of a page is tried: the one who coordinates, a member, a stranger.
ROLES = ("coordinator", "delegate_a", "anonymous")
MAX_EXAMPLES = 10
# Counted for docs/security.md (tests/figures.py writes them after the run).
FIGURES = {"forms": 0, "posts": 0, "forms failing": 0}

HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "0",
            "-1",
            "99999999999999999999999",
            "1e309",
            "NaN",
            "-0.001",
            "2027-02-30",
            "13/45/2027",
            "9999-12-31T23:59:59+25:00",
            '=HYPERLINK("http://x")',
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "重庆" * 200,
            "😀" * 30,
            "x" * 20_000,
            "%(name)s %s {0}",
            "a@b\r\nBcc: c@d.e",
            "on",
            "[]",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
FILE_NAMES = st.sampled_from(["a.pdf", "b.png", "c.svg", "../../d.html", "e", "名单.csv", "f.xlsx"])


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> known choices
    files: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = Form(action=a.get("action") or "")
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            if tag == "option" and self._form is not None and self._select:
                self._form.fields[self._select].append(a.get("value", ""))
            return
        name = a["name"]
        if name == "csrfmiddlewaretoken":
            return
        choices = self._form.fields.setdefault(name, [])
        if tag == "input" and a.get("type") == "file":
            self._form.files.add(name)
        elif tag == "input" and a.get("value") is not None:
            choices.append(a["value"])
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _forms(html: str, page: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    forms = []
    for form in parser.forms:
        form.action = form.action or page
        if form.action.startswith("/") and not form.action.endswith(SKIPPED_ACTIONS):
            forms.append(form)
    return forms


def _plausible(form: Form, name: str):
    """A value the form would likely accept, so that a hostile one elsewhere gets deep."""
    known = [v for v in form.fields.get(name, []) if v]
    if name in form.files:
        return SimpleUploadedFile("a.csv", b"key,title\nx,y\n", "text/csv")
    if known:
        return known[0]
    if name in form.fields and form.fields[name] == [""]:
        return ""  # an empty text box sent as it is (the honeypot among them)
    lowered = name.lower()
    for words, value in PLAUSIBLE:
        if any(word in lowered for word in words):
            return value
    return "Test 测试"


PLAUSIBLE = (
    (("email",), "someone@example.com"),
    (("_at", "arrival", "departure"), "2027-05-01T10:00"),
    (("date", "expiry", "birth", "check_in", "check_out", "until"), "2027-05-01"),
    (("amount", "seats", "count", "percent"), "1"),
    (("accept", "consent", "privacy"), "on"),
    (("password",), "a long Passphrase 1983"),
)


def _hostile(form: Form, name: str):
    if name in form.files:
        return st.builds(
            SimpleUploadedFile, FILE_NAMES, st.binary(max_size=3000), st.just("application/pdf")
        )
    known = form.fields.get(name) or []
    value = st.one_of(HOSTILE, st.sampled_from(known)) if known else HOSTILE
    return st.one_of(value, st.lists(value, min_size=2, max_size=2))  # or sent twice


@st.composite
def _data(draw, form: Form):
    """Plausible values everywhere, then up to three fields hostile and up to two missing."""
    names = sorted(form.fields.keys() | form.files)
    data = {name: _plausible(form, name) for name in names}
    if not names:
        return data
    for name in draw(st.sets(st.sampled_from(names), max_size=3)):
        data[name] = draw(_hostile(form, name))
    for name in draw(st.sets(st.sampled_from(names), max_size=2)):
        data.pop(name, None)
    return data


CASES = [
    pytest.param(name, role, id=f"{name}-{role}")
    for name, row in ROWS.items()
    if row.get is not None
    for role in ROLES
    if row.get[role] == 200
]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_no_form_answers_generated_input_with_a_server_error(client, world, name, role):  # noqa: F811
    row = ROWS[name]
    page = _url(name, row.kwargs(world))
    client = _as(client, world, role)
    response = client.get(page)
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return  # a download or feed: nothing to fill in
    forms = _forms(response.content.decode(), page)
    FIGURES["forms"] += len(forms)

    # Every form is tried even when one fails, and all failures are shown together.
    failures = []
    for form in forms:
        try:
            _fuzz(client, form)
        except Exception as error:
            FIGURES["forms failing"] += 1
            failures.append(f"{form.action}: {type(error).__name__}: {error}")
    assert failures == []


def _fuzz(client, form: Form):
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=_data(form))
    def post(data):
        caches["limits"].clear()  # the abuse limits would soon answer every example alike
        FIGURES["posts"] += 1
        with transaction.atomic():
            response = client.post(form.action, data)
            if response.streaming:
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
        assert response.status_code < 500, (form.action, data)

    post()
