"""In Chromium, as an admin: read last night's run on the overview, see a data problem (a stage
name an import could not place), follow its fix link, map the stage with the choices RULES.md
allows, and see the problem gone; the change is in the audit trail with who, before and after."""

from datetime import UTC, date, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import dateformat, timezone

from goals.models import RecomputeRun, StageAlias
from imports.models import ImportRun
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STARTED = datetime(2023, 9, 15, 2, 0, tzinfo=UTC)


@pytest.fixture
def admin(sign_in, today):
    today(date(2023, 9, 15))
    user = UserFactory(username="ops")
    PersonFactory(role="admin", name="Olga Ops", email="ops@pacer.example", user=user)
    manager = PersonFactory(role="manager", name="Maria Lopez", email="maria@pacer.example")
    PersonFactory(name="Avery Stone", email="avery@pacer.example", manager=manager)
    run = RecomputeRun.objects.create(
        first_day=date(2023, 9, 14),
        last_day=date(2023, 9, 14),
        trigger="nightly",
        status="succeeded",
        people=42,
        rows=294,
    )
    RecomputeRun.objects.filter(pk=run.pk).update(
        started_at=STARTED, finished_at=STARTED + timedelta(seconds=75)
    )
    ImportRun.objects.create(
        kind="opportunities",
        file_name="opps-0915.csv",
        checksum="x",
        user=user,
        status="rejected",
        rows_in_file=40,
        unplaced={"stage": [{"text": "Discovery", "rows": 3}]},
    )
    return sign_in("ops", PASSWORD)


def test_read_last_nights_run_and_fix_a_data_problem(admin, live_server):
    page = admin
    page.goto(f"{live_server.url}/overview/")
    assert page.inner_text("[data-testid=nightly-status]") == "Succeeded"
    started = dateformat.format(timezone.localtime(STARTED), "Y-m-d H:i T")
    assert page.inner_text("[data-testid=nightly-started]") == started
    assert page.inner_text("[data-testid=nightly-duration]") == "75 s"
    assert page.inner_text("[data-testid=nightly-people]") == "42"
    assert page.inner_text("[data-testid=nightly-rows]") == "294"
    week = page.inner_text("[data-testid=imports-week]")
    assert "opps-0915.csv" in week and "Rejected (nothing changed)" in week and "ops" in week

    assert page.inner_text("[data-testid=count-stages]") == "1"
    assert "Discovery (3 rows" in page.inner_text("[data-problem=stages]")
    page.click("[data-problem=stages] a:text('Map them to 1–6, won or lost')")
    page.wait_for_url("**/imports/setup/#stage-mapping")
    offered = page.eval_on_selector_all(
        "#stage-form select[name=stage] option", "options => options.map(o => o.value)"
    )
    assert offered == ["", "1", "2", "3", "4", "5", "6", "won", "lost"]
    page.fill("#stage-form input[name=name]", "Discovery")
    page.select_option("#stage-form select[name=stage]", "2")
    page.click("#stage-form button[type=submit]")
    page.wait_for_selector("#stage-mapping td:text('Discovery')")

    page.goto(f"{live_server.url}/overview/")
    assert page.inner_text("[data-testid=count-stages]") == "0"
    assert StageAlias.objects.get().stage == "2"
    event = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(StageAlias))
    assert event.actor.username == "ops" and event.changes_dict["stage"] == [None, "2"]
