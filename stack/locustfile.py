"""Locust scenarios against the stack (run by stack/load.py, one class at a time).

Every answer is counted by status class into LOAD_STATUS_FILE, and the run stops itself
after LOAD_MAX_REQUESTS requests whatever its duration (a bound in count as well as time).
"""

import json
import os
import random
import re
import threading
import uuid
from collections import Counter

import gevent
from locust import HttpUser, constant, events, task

PAGES = [
    ("/en/", "home"),
    ("/zh-hans/", "home"),
    ("/en/cities/chongqing/", "city"),
    ("/en/exchanges/", "archive"),
    ("/en/exchanges/?category=culture&year_from=2003&year_to=2015", "archive filtered"),
    ("/en/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/", "record"),
    ("/zh-hans/exchanges/2009-robbins-tunnel-boring-machines-for-line-6/", "record"),
    ("/en/delegations/2012-seattle-week-in-chongqing/", "delegation"),
    ("/en/delegations/", "delegations"),
]
QUERIES = [
    "Chongqing",
    "重庆",
    "delegation",
    "Microsoft",
    "tunnel boring machine",
    "教育",
    "McGinn",
]
API = [
    ("/api/v1/exchanges?limit=20", "api exchanges"),
    ("/api/v1/exchanges?limit=20&modified_since=2020-01-01T00:00:00Z", "api exchanges since"),
    ("/api/v1/exchanges/2012-03-mcginn-leads-delegation-to-chongqing", "api record"),
    ("/api/v1/cities", "api cities"),
    ("/api/v1/relationships", "api relationships"),
    ("/api/v1/delegations", "api delegations"),
    ("/api/v1/sessions", "api sessions"),
]
TERMS = re.compile(r'name="terms_version" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_statuses: Counter = Counter()
_lock = threading.Lock()
_environment = {}


@events.init.add_listener
def _init(environment, **kwargs):
    _environment["runner"] = environment.runner


@events.request.add_listener
def _count(response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) if exception is None else 0
    key = "error" if not status else f"{status // 100}xx"
    with _lock:
        _statuses[key] += 1
        total = sum(_statuses.values())
    limit = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
    runner = _environment.get("runner")
    if limit and total == limit and runner is not None:
        gevent.spawn(runner.quit)  # not from inside the request's own greenlet


@events.quitting.add_listener
def _write(environment, **kwargs):
    path = os.environ.get("LOAD_STATUS_FILE")
    if path:
        with open(path, "w") as handle:
            json.dump(dict(_statuses), handle)


class PublicPages(HttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        path, name = random.choice(PAGES)
        self.client.get(path, name=name, headers={"Accept-Language": "en"})


class Search(HttpUser):
    wait_time = constant(0)

    @task
    def search(self):
        self.client.get("/en/search/", params={"q": random.choice(QUERIES)}, name="search")


class Api(HttpUser):
    """Another system syncing the public archive: lists, a next page by cursor, a record."""

    wait_time = constant(0)

    @task
    def read(self):
        path, name = random.choice(API)
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                return
            cursor = response.json().get("next_cursor")
        if cursor:
            self.client.get(
                path.split("?")[0], params={"limit": 20, "cursor": cursor}, name=f"{name} next"
            )


class SignUp(HttpUser):
    """A new visitor registers, creating the account on the way (the password is hashed)."""

    wait_time = constant(0)

    @task
    def sign_up(self):
        slug = os.environ["LOAD_SIGNUP_SLUG"]
        path = f"/en/delegations/{slug}/register/"
        self.client.cookies.clear()
        page = self.client.get(path, name="sign-up form")
        csrf, terms = CSRF.search(page.text), TERMS.search(page.text)
        if csrf is None or terms is None:
            return
        data = {
            "csrfmiddlewaretoken": csrf.group(1),
            "email": f"load-{uuid.uuid4().hex}@example.org",
            "full_name": "Load Visitor",
            "password": f"Twin-{uuid.uuid4().hex[:12]}!",
            "company": "Load Testing Ltd",
            "job_title": "Tester",
            "emergency_contact": "A. Person, +1 206 555 0100",
            "terms_version": terms.group(1),
            "accept_terms": "on",
        }
        with self.client.post(
            path, data=data, name="sign-up", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or not response.headers.get("Location", "").endswith(
                "/registration/"
            ):
                response.failure(f"not registered: {response.status_code}")
