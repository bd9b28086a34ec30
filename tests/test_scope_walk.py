"""Issue 19's scope figure: one run of at least 5,000 tries, every persona × every URL (each
page, and each API operation of the served schema with the ids of other people's objects) ×
every method, and 0 leaks.

The personas are the three non-admin roles of the caller's tree and an anonymous visitor.
Each page route is filled with every outsider person it can take (their AE, SDR and manager)
and the outsider tree's other objects (``tests/test_scope.py``); each API path is filled with
the foreign ids of ``tests/goals/api/test_permission_matrix.py``. Pages get GET, HEAD,
OPTIONS, PUT, PATCH, DELETE and one POST per form action; API operations every method of the
schema (HEAD beside each GET), with a foreign person in each person filter and in each body.
A leak is an answer that shows an outsider row, an admin page that does not refuse, a foreign
API id that answers anything but 404, a non-admin write that succeeds, an anonymous answer
other than "sign in", or any change to the database (a checksum of every row, before and
after each URL's requests).
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from framework.models import Rating
from people.models import Person
from tests.factories import UserFactory
from tests.goals.api.conftest import OUTSIDER, OUTSIDER_FIGURE, Org, org  # noqa: F401
from tests.goals.api.test_permission_matrix import _leaked, _tries
from tests.test_scope import (
    PAGES,
    POST_BODIES,
    SKIPPED_PREFIXES,
    checksum,
    fill,
    leak,
    outsider_objects,
    url_patterns,
)

pytestmark = pytest.mark.django_db

PERSONAS = ("ae", "sdr", "manager", "anonymous")
PAGE_METHODS = [(method, None) for method in ("get", "head", "options", "put", "patch", "delete")]
PAGE_METHODS += [("post", body) for body in POST_BODIES]
MINIMUM_TRIES = 5_000


def _clients(person: Person | None) -> tuple[Client, APIClient, object]:
    """A page client and an API client signed in as ``person`` (neither for anonymous)."""
    if person is None:
        return Client(), APIClient(), None
    user = UserFactory(username=person.email)
    person.user = user
    person.save(update_fields=["user"])
    pages, api = Client(), APIClient()
    pages.force_login(user)
    api.force_authenticate(user)
    return pages, api, user


def _page_urls(route: str, values: dict[str, object], tree: Org) -> list[str]:
    """The route filled with each outsider object it can take (every outsider person)."""
    if "<int:person_id>" not in route:
        return [fill(route, values)]
    return [fill(route, {**values, "person_id": p.id}) for p in tree.outsiders()]


def _anonymous_leak(response, route: str) -> str | None:
    if route == "health/":
        return None  # names no data (issue 19): each check's state only
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return None
    if response.status_code in (401, 403, 404, 405):
        return None
    return f"an anonymous visitor got {response.status_code}"


def _walk_pages(persona: str, client: Client, user, values, tree, leaks: list) -> int:
    tries = 0
    routes = [r for r in url_patterns() if not r.startswith(SKIPPED_PREFIXES)]
    for route in routes:
        scope = PAGES[route]
        for url in _page_urls(route, values, tree):
            before = checksum(user)
            for method, body in PAGE_METHODS:
                response = getattr(client, method)(url, body or {})
                tries += 1
                if persona == "anonymous":
                    reason = _anonymous_leak(response, route)
                else:
                    reason = leak(response, scope, persona, changed=False)
                if reason:
                    leaks.append(f"{persona} {method.upper()} {url}: {reason}")
            by_design = scope.kind == "company" and persona in scope.company_roles
            if checksum(user) != before and not by_design:
                leaks.append(f"{persona} {url}: changed the database")
    return tries


def _walk_api(persona: str, client: APIClient, schema: dict, tree, leaks: list) -> int:
    tries = 0
    for method, url, query, body, target, segment in _tries(schema, tree):
        if query:
            url = f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
        for verb in (method, "head") if method == "get" else (method,):
            before = checksum() if verb not in ("get", "head") else None
            response = getattr(client, verb)(url, body, format="json")
            tries += 1
            if persona == "anonymous":
                reason = None if response.status_code in (401, 403) else "anonymous answered"
            else:
                reason = _leaked(response, verb, target, segment, persona)
            allowed = segment == "okrs" and persona == "manager"  # company check-ins
            if reason is None and before is not None and checksum() != before and not allowed:
                reason = "changed the database"
            if reason:
                leaks.append(f"{persona} {verb.upper()} {url}: {reason}")
    return tries


def test_every_persona_every_url_every_method_leaks_nothing(org, today, capsys):  # noqa: F811
    today(date(2023, 9, 15))
    values = outsider_objects(org)
    # One published rating per person and year: the API matrix's foreign rating is this one.
    Rating.objects.filter(person=org.outsider_ae).update(rationale=OUTSIDER)
    admin_api = _clients(org.admin)[1]
    schema = admin_api.get("/api/v1/schema/?format=json").json()
    started, leaks, pages, api = time.monotonic(), [], 0, 0
    for persona in PERSONAS:
        person = None if persona == "anonymous" else org.by_role(persona)
        page_client, api_client, user = _clients(person)
        pages += _walk_pages(persona, page_client, user, values, org, leaks)
        api += _walk_api(persona, api_client, schema, org, leaks)
    seconds = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nscope walk: {len(leaks)} leaks in {pages + api} tries ({pages} page, {api} API;"
            f" {len(PERSONAS)} personas) in {seconds:.0f} s"
        )
    assert pages + api >= MINIMUM_TRIES
    assert leaks == [], "\n".join(leaks[:40])
    assert OUTSIDER and OUTSIDER_FIGURE  # the markers every outsider row carries
