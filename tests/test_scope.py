"""Promise 1, scope: no page, export or chart reads or changes anything outside the caller's
scope (own / team tree / all).

The test walks Django's URL resolver. Every pattern (except the admin, the sign-in pages and
the API, which ``tests/goals/api/test_permission_matrix.py`` walks from its schema) must be
listed in ``PAGES`` with how it is scoped; a new pattern fails until it is listed. Each URL
parameter is filled with an object of the outsider tree, and for each role the test sends a
GET and POSTs (one per form action) and asserts that the answer shows nothing of the outsider
tree (every outsider row carries ``OUTSIDER`` or ``OUTSIDER_FIGURE``) and that the database
is unchanged (a checksum of every row before and after).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from framework.models import CompetencyAssessment, Rating, State
from goals.models import CoachingDigest, OpportunityState
from imports.models import ImportRun
from people.models import ApiToken, Person
from tests.factories import (
    DepartmentFactory,
    DepartmentQuarterFactory,
    KeyResultFactory,
    ObjectiveFactory,
    PersonFactory,
    UserFactory,
    add_key_result,
)
from tests.goals.api.conftest import OUTSIDER, OUTSIDER_FIGURE, Org, org  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ("ae", "sdr", "manager")  # an admin sees everyone: nothing is outside their scope
SKIPPED_PREFIXES = ("admin/", "accounts/", "api/v1/")  # api/v1/: the permission matrix


@dataclass(frozen=True)
class Scope:
    """How a page is scoped. ``kind``: ``scoped`` (the caller's own / team / all),
    ``admin`` (refuses non-admins), ``company`` (company-wide by design: ``reason``), ``own``
    (the caller's own account only)."""

    kind: str
    reason: str = ""
    company_roles: tuple[str, ...] = ROLES
    # The one answer a non-admin must get (issue 18: an admin page does not exist for them).
    refusal: int | None = None


def company(reason: str, roles: tuple[str, ...] = ROLES) -> Scope:
    return Scope("company", reason, roles)


SCOPED, ADMIN = Scope("scoped"), Scope("admin")
ADMIN_PAGE = Scope("admin", refusal=404)  # issue 18's admin pages: 404 for anyone else

# Every URL pattern outside SKIPPED_PREFIXES, with its scope. A new pattern fails the test
# until it is added here.
PAGES: dict[str, Scope] = {
    "health/": company("the health check names no data, only each check's state (issue 19)"),
    "": SCOPED,
    "people/<int:person_id>/quarter/": SCOPED,
    "people/<int:person_id>/quarter/rows.csv": SCOPED,
    "people/<int:person_id>/quarter/deals/<str:metric>/": SCOPED,
    "people/<int:person_id>/movement/": SCOPED,
    "people/<int:person_id>/movement/deals.csv": SCOPED,
    "deals/<str:external_id>/history/": SCOPED,
    "team/": SCOPED,
    "team/export.csv": SCOPED,
    "team/export.xlsx": SCOPED,
    "sdrs/": SCOPED,
    "overview/": ADMIN_PAGE,
    "targets/": ADMIN_PAGE,
    "stage-weights/": ADMIN_PAGE,
    "people/": ADMIN_PAGE,
    "people/new/": ADMIN_PAGE,
    "people/<int:person_id>/edit/": ADMIN_PAGE,
    "people/quotas/upload/": ADMIN_PAGE,
    "column-mappings/": ADMIN_PAGE,
    "salesforce/": ADMIN_PAGE,
    "leaderboard/": company(
        "RULES.md's leaderboard ranks the whole company for the roles in LEADERBOARD_ROLES",
        roles=tuple(role for role in ROLES if role in settings.LEADERBOARD_ROLES),
    ),
    "okrs/": company("company OKRs are published to everyone (issue 10)"),
    "okrs/<str:quarter>/": company("company OKRs are published to everyone (issue 10)"),
    "okrs/target-accounts/": ADMIN,
    "okrs/key-results/<int:key_result_id>/check-ins/": company(
        "any manager may check in on any company key result (issue 10)", roles=("manager",)
    ),
    "framework/": SCOPED,
    "framework/ratings/<int:fiscal_year>/<int:person_id>/": SCOPED,
    "framework/calibration/<int:fiscal_year>/": ADMIN,  # sales leadership only
    "framework/competencies/<str:period>/team/": SCOPED,
    "framework/competencies/<str:period>/<int:person_id>/": SCOPED,
    "digests/": SCOPED,
    "recompute/": ADMIN,
    "audit/": ADMIN_PAGE,
    "account/token/": Scope("own"),
    "imports/": ADMIN_PAGE,
    "imports/<int:run_id>/": ADMIN_PAGE,
    "imports/<int:run_id>/confirm/": ADMIN_PAGE,
    "imports/<int:run_id>/columns/": ADMIN_PAGE,
    "imports/<int:run_id>/status.json": ADMIN_PAGE,
    "imports/<int:run_id>/errors.csv": ADMIN_PAGE,
    "imports/<int:run_id>/dates/": ADMIN_PAGE,
    "imports/setup/": ADMIN_PAGE,
    "imports/salesforce-users/": ADMIN_PAGE,
    "imports/settings.json": ADMIN_PAGE,
    "imports/roster-template.csv": ADMIN_PAGE,
    "imports/<int:run_id>/setup/": ADMIN_PAGE,
    "imports/<int:run_id>/people/": ADMIN_PAGE,
}

# One POST per form action the pages know, each valid enough to be saved if a check failed.
POST_BODIES = [
    {
        "action": action,
        "role_scope": "meeting",
        "team_impact": "exceeding",
        "role_scope_examples": "examples",
        "team_impact_examples": "examples",
        "final_score": "5",
        "rationale": "rationale",
        "value": "1",
        "done": "on",
        "confidence": "5",
        "comment": "comment",
        "skip_invalid": "on",
    }
    for action in ("save", "submit", "finalise", "publish", "return", "advance", "create")
]

CHECKED_APPS = {"auth", "people", "goals", "framework"}


def url_patterns(resolver: URLResolver | None = None, prefix: str = ""):
    """Every URL pattern as its full route, e.g. ``imports/<int:run_id>/``."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def fill(route: str, values: dict[str, object]) -> str:
    """The route with each ``<converter:name>`` replaced by ``values[name]``."""
    parts = route.replace(">", "<").split("<")
    for index in range(1, len(parts), 2):
        name = parts[index].split(":")[-1]
        assert name in values, f"no outsider object for the URL parameter {name!r} in {route}"
        parts[index] = str(values[name])
    return "/" + "".join(parts)


def checksum(own_user=None) -> str:
    """A hash of every row of Pacer's tables (users and tokens included), leaving out the
    API token of ``own_user`` (the token page replaces the caller's own token)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in CHECKED_APPS:
            rows = model.objects.order_by("pk")
            if model._meta.concrete_model is ApiToken and own_user is not None:
                rows = rows.exclude(user=own_user)
            digest.update(repr((model._meta.label, list(rows.values_list()))).encode())
    return digest.hexdigest()


def signed_in(person: Person) -> Client:
    user = UserFactory(username=person.email)
    person.user = user
    person.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    client.session_user = user
    return client


def outsider_objects(tree: Org) -> dict[str, object]:
    """Objects of the outsider tree for every URL parameter, each marked ``OUTSIDER``."""
    # A manager under a manager is not sales leadership: calibration is refused, and the
    # framework pages show only their own tree.
    vp = PersonFactory(name="Vera Vice", email="vera@pacer.example", role="manager")
    Person.objects.filter(id=tree.manager.id).update(manager=vp)
    admin_user = UserFactory(username="importer@pacer.example")
    run = ImportRun.objects.create(
        kind="opportunities",
        user=admin_user,
        file_name=f"{OUTSIDER}.csv",
        checksum="0" * 64,
        status="previewed",
        message=f"{OUTSIDER} figures {OUTSIDER_FIGURE}",
        errors=[
            {"file": "x", "line": 2, "column": "Owner", "value": OUTSIDER, "reason": "unknown"}
        ],
    )
    Rating.objects.create(
        person=tree.outsider_ae,
        fiscal_year=2024,
        state=State.PUBLISHED,
        role_scope="meeting",
        role_scope_examples=f"{OUTSIDER} examples",
        final_score=4,
        rationale=f"{OUTSIDER} rationale",
    )
    # The audit trail (django-auditlog) recorded the rating's creation, rationale included.
    CompetencyAssessment.objects.create(
        person=tree.outsider_ae, fiscal_year=2024, quarter=3, state=State.PUBLISHED
    )
    CoachingDigest.objects.create(
        manager=tree.outsider_manager,
        date=date(2023, 9, 14),
        basis="target",
        changes=[{"person_id": tree.outsider_ae.id, "name": OUTSIDER, "flagged": True}],
    )
    department = DepartmentFactory(name=f"{OUTSIDER} Department")
    plan = DepartmentQuarterFactory(department=department, fiscal_year=2024, quarter=3)
    objective = ObjectiveFactory(plan=plan)
    key_result = KeyResultFactory(owner=tree.outsider_ae, fiscal_year=2024, quarter=3)
    add_key_result(objective, key_result)
    # Deal history: a deal of the outsider AE in their pipeline on both movement days.
    OpportunityState.objects.create(
        external_id="0065b0000000999AAA", observed_at=datetime(2023, 9, 1, tzinfo=UTC),
        source="import", owner=tree.outsider_ae, account=OUTSIDER, type="expansion",
        stage="3", amount=OUTSIDER_FIGURE, close_date=date(2023, 10, 1), name=OUTSIDER,
    )  # fmt: skip
    return {
        "external_id": "0065b0000000999AAA",
        "person_id": tree.outsider_ae.id,
        "run_id": run.id,
        "fiscal_year": 2024,
        "period": "FY24-Q3",
        "quarter": "FY24-Q3",
        "key_result_id": key_result.id,
        "metric": "weighted_pipeline",
    }


def leak(response, scope: Scope, role: str, changed: bool) -> str | None:
    """Why an answer is a leak, or None."""
    by_design = scope.kind == "company" and role in scope.company_roles
    if changed and not by_design:
        return "changed the database"
    if scope.refusal is not None and response.status_code != scope.refusal:
        return f"an admin page answered {response.status_code}, not {scope.refusal}"
    if response.status_code in (403, 404, 405):
        return None
    if response.status_code == 302:
        return None if scope.kind != "admin" else "an admin-only page did not refuse"
    if scope.kind == "admin":
        return f"an admin-only page answered {response.status_code}"
    text = response.content.decode(errors="replace")
    if not by_design and (OUTSIDER in text or OUTSIDER_FIGURE in text):
        return "shows the outsider's data"
    return None


def test_every_url_pattern_has_a_scope():
    unknown = [
        route
        for route in url_patterns()
        if not route.startswith(SKIPPED_PREFIXES) and route not in PAGES
    ]
    assert unknown == [], "add these URL patterns to PAGES in tests/test_scope.py"


def test_no_role_reads_or_changes_anything_outside_its_scope(org, today, capsys):  # noqa: F811
    today(date(2023, 9, 15))
    values = outsider_objects(org)
    routes = [r for r in url_patterns() if not r.startswith(SKIPPED_PREFIXES)]
    leaks, tries, shown = [], 0, 0
    for role in ROLES:
        client = signed_in(org.by_role(role))
        # The caller's own API token is theirs to replace: it is left out of the checksum.
        last = checksum(client.session_user)
        for route in routes:
            scope, url = PAGES[route], fill(route, values)
            requests = [("get", None)] + [("post", body) for body in POST_BODIES]
            for method, body in requests:
                response = getattr(client, method)(url, body or {})
                tries += 1
                shown += response.status_code == 200
                now = checksum(client.session_user)
                reason = leak(response, scope, role, now != last)
                last = now
                if reason:
                    leaks.append(f"{role} {method.upper()} {url}: {reason}")
    with capsys.disabled():
        print(f"\nscope, pages: {len(leaks)} leaks in {tries} tries ({shown} answered 200)")
    assert tries > 500
    assert shown > 30, "the pages answered (not everything refused), or the test proves nothing"
    assert leaks == []


# --- ids guessed by property-based generation ------------------------------------------------

PERSON_ID_ROUTES = [
    "people/<int:person_id>/quarter/",
    "people/<int:person_id>/quarter/rows.csv",
    "people/<int:person_id>/quarter/deals/<str:metric>/",
    "framework/ratings/<int:fiscal_year>/<int:person_id>/",
    "framework/competencies/<str:period>/<int:person_id>/",
]
RUN_ID_ROUTES = [route for route in PAGES if "<int:run_id>" in route]
GUESSES = hypothesis_settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIXED = {"fiscal_year": 2024, "period": "FY24-Q3", "metric": "weighted_pipeline"}


@pytest.fixture
def rep_clients(org, today):  # noqa: F811
    today(date(2023, 9, 15))
    outsider_objects(org)
    return {role: signed_in(org.by_role(role)) for role in ("ae", "sdr")}, org


def _ids():
    existing = list(Person.objects.values_list("id", flat=True))
    return st.one_of(st.sampled_from(existing), st.integers(min_value=-(2**31), max_value=2**31))


def test_a_rep_gets_404_for_every_person_id_but_their_own(rep_clients, capsys):
    clients, tree = rep_clients
    tries = []

    @GUESSES
    @given(data=st.data())
    def guess(data):
        role = data.draw(st.sampled_from(sorted(clients)))
        own = tree.by_role(role).id
        person_id = data.draw(_ids().filter(lambda i: i != own))
        route = data.draw(st.sampled_from(PERSON_ID_ROUTES))
        url = fill(route, {**FIXED, "person_id": person_id})
        status = clients[role].get(url).status_code
        tries.append((role, url, status))
        assert status == 404, f"{role} GET {url} answered {status}"

    guess()
    with capsys.disabled():
        print(f"\nscope, guessed person ids: 0 leaks in {len(tries)} tries")
    assert len(tries) >= 60


def test_a_rep_is_refused_every_import_run_alike_whether_it_exists_or_not(rep_clients, capsys):
    # Import pages are admin-only: a rep is refused (404) before any id is looked up, so the
    # answer says nothing about which runs exist.
    clients, _ = rep_clients
    existing = list(ImportRun.objects.values_list("id", flat=True))
    tries = []

    @GUESSES
    @given(data=st.data())
    def guess(data):
        role = data.draw(st.sampled_from(sorted(clients)))
        run_id = data.draw(st.one_of(st.sampled_from(existing), st.integers(0, 2**31)))
        url = fill(data.draw(st.sampled_from(RUN_ID_ROUTES)), {"run_id": run_id})
        method = data.draw(st.sampled_from(["get", "post"]))
        response = getattr(clients[role], method)(url)
        tries.append(url)
        assert response.status_code in (404, 405), f"{role} {method} {url}"
        assert OUTSIDER not in response.content.decode(errors="replace")

    guess()
    with capsys.disabled():
        print(f"\nscope, guessed import run ids: 0 leaks in {len(tries)} tries")
    assert len(tries) >= 60
