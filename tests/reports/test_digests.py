"""The coaching digests page and the data-freshness line."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import CoachingDigest, RecomputeRun
from goals.recompute import last_recomputed
from tests.factories import PersonFactory, UserFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


def digest_for(manager, name="Avery Stone"):
    return CoachingDigest.objects.create(
        manager=manager,
        date=date(2023, 9, 15),
        basis="target",
        changes=[{"person_id": 1, "name": name, "email": "a@example.com", "flagged": True}],
    )


def test_manager_sees_their_digest(client):
    manager = PersonFactory(role="manager")
    digest_for(manager)
    login_person(client, manager)
    page = client.get("/digests/").content.decode()
    assert "2023-09-15" in page and "Avery Stone" in page and "now flagged for coaching" in page


def test_manager_does_not_see_another_managers_digest(client):
    digest_for(PersonFactory(role="manager"), name="Someone Else")
    login_person(client, PersonFactory(role="manager"))
    page = client.get("/digests/").content.decode()
    assert "Someone Else" not in page


def test_markup_in_a_name_shows_as_text(client):
    manager = PersonFactory(role="manager")
    digest_for(manager, name="<script>alert(1)</script>")
    login_person(client, manager)
    page = client.get("/digests/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_a_rep_cannot_queue_a_recompute(client):
    login_person(client, PersonFactory(role="ae"))
    assert client.post("/recompute/").status_code == 403


def test_footer_says_when_figures_were_last_recomputed(client):
    RecomputeRun.objects.create(
        first_day=date(2023, 9, 15), last_day=date(2023, 9, 15), status="succeeded"
    )
    RecomputeRun.objects.filter().update(finished_at="2023-09-15T02:00:05Z")
    client.force_login(UserFactory())
    page = client.get("/digests/").content.decode()
    assert "last recomputed 2023-09-15 02:00 UTC" in page


def test_footer_says_when_nothing_was_recomputed_yet(client):
    client.force_login(UserFactory())
    assert "not recomputed yet" in client.get("/digests/").content.decode()


def test_a_failed_run_does_not_count_as_fresh():
    RecomputeRun.objects.create(
        first_day=date(2023, 9, 15), last_day=date(2023, 9, 15), status="failed"
    )
    assert last_recomputed() is None


def test_freshness_costs_one_query():
    with CaptureQueriesContext(connection) as context:
        last_recomputed()
    assert len(context.captured_queries) == 1


def test_admin_recompute_now_runs_in_process_without_a_broker(client):
    admin = PersonFactory(role="admin")
    PersonFactory(role="ae")
    login_person(client, admin)
    response = client.post("/recompute/", follow=True)
    assert "Recompute started" in response.content.decode()
    assert RecomputeRun.objects.get().status == "succeeded"
