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

import hashlib
import re
import time
from datetime import date
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from framework.models import Rating
from people.models import ApiToken, Person
from tests.factories import UserFactory
from tests.goals.api.conftest import OUTSIDER, OUTSIDER_FIGURE, Org, org  # noqa: F401
from tests.goals.api.test_permission_matrix import GLOBAL, _body, _foreign, _leaked, _queries
from tests.test_scope import (
    CHECKED_APPS,
    PAGES,
    POST_BODIES,
    SKIPPED_PREFIXES,
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


def fast_checksum(own_user=None) -> str:
    """``tests.test_scope.checksum`` in plain SQL (the same tables and rows, the caller's own
    API token left out), fast enough to run before and after every URL's requests."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label not in CHECKED_APPS or model._meta.proxy:
                continue
            table, pk = model._meta.db_table, model._meta.pk.column
            where, params = "", []
            if model is ApiToken and own_user is not None:
                where, params = " WHERE user_id <> %s", [own_user.pk]
            cursor.execute(f"SELECT * FROM {table}{where} ORDER BY {pk}", params)  # noqa: S608
            digest.update(repr((table, cursor.fetchall())).encode())
    return digest.hexdigest()


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
    return [fill(route, {**values, "person_id": p.id}) for p in tree.outsiders]


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
            before = fast_checksum(user)
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
            if fast_checksum(user) != before and not by_design:
                leaks.append(f"{persona} {url}: changed the database")
    return tries


API_VERBS = ("get", "head", "options", "post", "put", "patch", "delete")


def _api_urls(path: str, segment: str, foreign: dict, tree: Org) -> tuple[list[str], bool]:
    """The path filled with each foreign id it can take (every outsider person for people)."""
    if "{" not in path:
        return [path], False
    ids = [p.id for p in tree.outsiders] if segment == "people" else [foreign[segment]]
    return [re.sub(r"\{[^}]+\}", str(i), path) for i in ids], True


def _api_requests(operations: dict, tree: Org):
    """(verb, query, body) for every method: the schema's query variants for reads, a body
    naming each foreign person for writes (methods the schema lacks too: they must be 405)."""
    refs = (tree.outsider_ae.id, tree.outsider_sdr.id, tree.outsider_ae.email)
    reads = _queries(operations["get"], refs) if "get" in operations else [{}]
    for verb in API_VERBS:
        if verb in ("get", "head"):
            yield from ((verb, query, None) for query in reads)
        elif verb == "options":
            yield verb, {}, None
        else:
            yield from ((verb, {}, _body(tree, ref)) for ref in refs)


def _api_leak(response, verb, operations, target, segment, persona) -> str | None:
    status = response.status_code
    if persona == "anonymous":
        return None if status in (401, 403) else f"an anonymous call answered {status}"
    if status == 405 and (verb if verb != "head" else "get") not in operations:
        return None  # a method the endpoint does not have, whatever the id
    if verb == "options":
        text = response.content.decode()
        if OUTSIDER in text or OUTSIDER_FIGURE in text:
            return "OPTIONS shows an outsider's row"
        foreign = target is not None and target not in GLOBAL
        if foreign and status == 200 and '"PUT"' in text:
            return "OPTIONS offers to change a foreign object"
        return None
    return _leaked(response, verb, target, segment, persona)


def _walk_api(persona: str, client: APIClient, user, schema: dict, tree, leaks: list) -> int:
    tries, foreign = 0, _foreign(tree)
    for path, operations in schema["paths"].items():
        segment = path.removeprefix("/api/v1/").split("/")[0]
        if segment in ("schema", "docs"):
            continue
        urls, is_detail = _api_urls(path, segment, foreign, tree)
        for url in urls:
            before = fast_checksum(user)
            for verb, query, body in _api_requests(operations, tree):
                address = f"{url}?{urlencode(query)}" if query else url
                response = getattr(client, verb)(address, body, format="json")
                tries += 1
                target = segment if is_detail else None
                reason = _api_leak(response, verb, operations, target, segment, persona)
                if reason:
                    leaks.append(f"{persona} {verb.upper()} {address}: {reason}")
            allowed = segment == "okrs" and persona == "manager"  # company check-ins
            if fast_checksum(user) != before and not allowed:
                leaks.append(f"{persona} {url}: changed the database")
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
        api += _walk_api(persona, api_client, user, schema, org, leaks)
    seconds = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nscope walk: {len(leaks)} leaks in {pages + api} tries ({pages} page, {api} API;"
            f" {len(PERSONAS)} personas) in {seconds:.0f} s"
        )
    assert leaks == [], "\n".join(leaks[:10] + sorted({leak.split(": ", 1)[1] for leak in leaks}))
    assert pages + api >= MINIMUM_TRIES


def test_the_fast_checksum_sees_every_kind_of_change(org):  # noqa: F811
    """The walk's change detector is not blind: an update, an insert and a delete each move it."""
    first = fast_checksum()
    Person.objects.filter(id=org.outsider_ae.id).update(name="Renamed")
    second = fast_checksum()
    user = UserFactory()
    third = fast_checksum()
    user.delete()
    assert len({first, second, third, fast_checksum()}) == 3  # the delete restores `second`
    assert fast_checksum() == second
