"""In Chromium, as an admin: publish FY24-Q4's targets from RULES.md's proposal, adjust one
rep's Q3 target with a reason and see it on their page and the team page, and upload a quota
file with one bad line (refused whole, the line named)."""

from datetime import date
from pathlib import Path

import pytest

from goals.models import Person, Target, TargetOverride, TargetPublication
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).parent / "data"


@pytest.fixture
def admin(sign_in, today):
    today(date(2023, 9, 15))
    user = UserFactory(username="ops")
    PersonFactory(role="admin", name="Olga Ops", email="ops@pacer.example", user=user)
    manager = PersonFactory(role="manager", name="Maria Lopez", email="maria@pacer.example")
    PersonFactory(name="Avery Stone", email="avery@pacer.example", manager=manager)
    PersonFactory(
        name="Sam Rivera",
        email="sam@pacer.example",
        role="sdr",
        sdr_segment="outbound",
        manager=manager,
    )
    return sign_in("ops", PASSWORD)


def test_publish_fy24_q4_targets_from_the_proposal(admin, live_server):
    page = admin
    page.goto(f"{live_server.url}/targets/")
    page.select_option("#quarter", "FY24-Q4")
    page.click(".quarter-select button[type=submit]")  # main: the picker moves only on Go
    page.wait_for_url("**quarter=FY24-Q4")
    page.wait_for_selector("#t-closed_won_acv-ae-")
    assert page.input_value("#t-closed_won_acv-ae-") == "1000000"
    assert page.input_value("#t-weighted_pipeline-ae-") == "1000000"
    assert page.input_value("#t-new_logos_in_pipe-ae-") == "32"
    assert page.input_value("#t-new_logos_closed-ae-") == "12"
    page.click("button[value=save]")
    page.wait_for_selector("[data-testid=target-effect]")
    assert "draft" in page.inner_text("[data-testid=target-state]")
    page.click("button[value=publish]")
    page.wait_for_selector("text=FY24-Q4 published")
    assert "by ops" in page.inner_text("[data-testid=publications]")
    assert TargetPublication.objects.get().published_by.username == "ops"
    assert not Target.objects.filter(fiscal_year=2024, quarter=4, published=False).exists()


def test_adjust_one_reps_q3_target_with_a_reason(admin, live_server):
    page = admin
    avery = Person.objects.get(name="Avery Stone")
    page.goto(f"{live_server.url}/people/")
    page.click("text=Avery Stone")
    page.wait_for_selector("[data-testid=override-form]")
    page.select_option("#quarter", "FY24-Q3")
    page.click(".quarter-select button[type=submit]")  # main: the picker moves only on Go
    page.wait_for_url("**quarter=FY24-Q3")
    page.wait_for_selector("[data-testid=override-form]")
    page.select_option("#id_metric", "closed_won_acv")
    page.fill("#id_value", "400000")
    page.fill("#id_reason", "ramping from July")
    page.click("button[value=override]")
    page.wait_for_selector("text=FY24-Q3 target adjusted for Avery Stone")
    page.goto(f"{live_server.url}/people/{avery.id}/quarter/?quarter=FY24-Q3")
    adjusted = page.inner_text("[data-testid=adjustments]")
    assert "target adjusted to 400000 by ops" in adjusted and "ramping from July" in adjusted
    page.goto(f"{live_server.url}/team/?quarter=FY24-Q3")
    assert "ramping from July (ops)" in page.inner_text("[data-testid=adjusted]")


def test_a_quota_file_with_one_bad_line_is_refused_whole(admin, live_server):
    page = admin
    page.goto(f"{live_server.url}/people/quotas/upload/")
    page.set_input_files("#id_file", str(DATA / "quotas_bad_line.csv"))
    page.click("[data-testid=quota-upload] button[type=submit]")
    page.wait_for_selector("[data-testid=quota-errors]")
    errors = page.inner_text("[data-testid=quota-errors]")
    assert "quotas_bad_line.csv, line 3, column Person" in errors
    assert "nothing was imported" in errors
    assert not TargetOverride.objects.exists()
