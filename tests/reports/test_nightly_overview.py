"""The admin overview's nightly recompute card: the last run and the next one."""

from datetime import UTC, date, datetime, timedelta

import pytest

from goals.models import RecomputeRun
from reports.nightly import next_start
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db


def test_the_next_start_is_tonight_or_tomorrow_night():
    evening = datetime(2023, 9, 15, 22, 0, tzinfo=UTC)
    assert next_start(evening, "02:00") == datetime(2023, 9, 16, 2, 0, tzinfo=UTC)
    early = datetime(2023, 9, 15, 1, 0, tzinfo=UTC)
    assert next_start(early, "02:00") == datetime(2023, 9, 15, 2, 0, tzinfo=UTC)


def test_the_overview_shows_last_nights_run(client, today):
    today(date(2023, 9, 15))
    login_person(client, PersonFactory(role="admin"))
    run = RecomputeRun.objects.create(
        first_day=date(2023, 9, 14),
        last_day=date(2023, 9, 14),
        trigger="nightly",
        status="failed",
        people=42,
        rows=294,
        error="deadlock detected",
    )
    started = datetime(2023, 9, 15, 2, 0, tzinfo=UTC)
    RecomputeRun.objects.filter(id=run.id).update(
        started_at=started, finished_at=started + timedelta(seconds=75)
    )
    RecomputeRun.objects.create(first_day=date(2023, 9, 1), last_day=date(2023, 9, 1))
    text = client.get("/overview/").content.decode()
    assert '<dd data-testid="nightly-status">Failed</dd>' in text
    assert '<dd data-testid="nightly-duration">75 s</dd>' in text
    assert '<dd data-testid="nightly-people">42</dd>' in text
    assert '<dd data-testid="nightly-rows">294</dd>' in text
    assert "deadlock detected" in text
    assert 'data-testid="nightly-next"' in text


def test_a_split_run_shows_its_team_tasks_and_note(client, today):
    today(date(2023, 9, 15))
    login_person(client, PersonFactory(role="admin"))
    RecomputeRun.objects.create(
        first_day=date(2023, 9, 15),
        last_day=date(2023, 9, 15),
        trigger="nightly",
        status="succeeded",
        parts=20,
        note="data changed while the teams were computed: recomputed in one task",
    )
    text = client.get("/overview/").content.decode()
    assert '<dd data-testid="nightly-parts">20</dd>' in text
    assert "recomputed in one task</dd>" in text
