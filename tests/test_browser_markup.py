"""Promise 7 in a real Chromium: names holding HTML, script and formula prefixes show as text
on the main pages and in their charts. The ``page`` fixture fails the test on any JavaScript
dialog (an injected ``alert``) and on anything the Content Security Policy blocked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from framework.models import Rating, State
from goals.models import Meeting
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    DepartmentQuarterFactory,
    KeyResultFactory,
    MeetingFactory,
    ObjectiveFactory,
    OpportunityFactory,
    PersonFactory,
    UserFactory,
    add_key_result,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS = "<img src=x onerror=alert(1)>"
PERSON = f"=HYPERLINK(1) {XSS}"
SDR = "+Setter <script>alert(2)</script>"
ACCOUNT = f"-Acme <a href='http://evil.example'>x</a> {XSS}"
DEAL = f"@Deal {XSS}"


@pytest.fixture
def marked_org(today):
    today(date(2023, 9, 15))
    admin = PersonFactory(name="Ada Admin", role="admin", email="ada@pacer.example")
    admin.user = UserFactory(username="ada", is_superuser=True)
    admin.save(update_fields=["user"])
    manager = PersonFactory(name=f"Boss {XSS}", role="manager")
    ae = PersonFactory(name=PERSON, role="ae", manager=manager, level="L3")
    sdr = PersonFactory(name=SDR, role="sdr", sdr_segment="outbound", manager=manager)
    for stage, day in (("won", date(2023, 8, 2)), ("4", date(2023, 10, 20))):
        OpportunityFactory(
            owner=ae,
            sourced_by=sdr,
            name=DEAL,
            account=ACCOUNT,
            stage=stage,
            amount=Decimal("50000"),
            close_date=day,
            sao_date=date(2023, 8, 1),
        )
    MeetingFactory(sdr=sdr, account=ACCOUNT, date=date(2023, 8, 3))
    assert Meeting.objects.exists()
    Rating.objects.create(
        person=ae,
        fiscal_year=2024,
        state=State.PUBLISHED,
        final_score=4,
        rationale=f"rationale {XSS}",
    )
    department = DepartmentFactory(name=f"Sales {XSS}")
    plan = DepartmentQuarterFactory(department=department, fiscal_year=2024, quarter=3)
    objective = ObjectiveFactory(plan=plan, title=f"=Objective {XSS}")
    add_key_result(objective, KeyResultFactory(owner=ae, title=f"@KR {XSS}", fiscal_year=2024))
    return ae, sdr


def assert_shows_as_text(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    injected = page.locator("img[src='x'], a[href='http://evil.example']").count()
    assert injected == 0, f"{url}: markup became elements"
    text = page.inner_text("body")
    assert XSS in text or "<script>alert(2)</script>" in text, f"{url}: the names are not shown"


def test_main_pages_show_markup_in_names_as_text(marked_org, sign_in, live_server):
    ae, sdr = marked_org
    page = sign_in("ada", PASSWORD)
    for path in (
        f"/people/{ae.id}/quarter/?quarter=FY24-Q3",
        f"/people/{sdr.id}/quarter/?quarter=FY24-Q3",
        "/team/?quarter=FY24-Q3",
        "/sdrs/?quarter=FY24-Q3",
        "/leaderboard/?quarter=FY24-Q3",
        f"/framework/ratings/2024/{ae.id}/",
        "/framework/calibration/2024/",
        "/okrs/FY24-Q3/",
    ):
        assert_shows_as_text(page, live_server.url + path)


def test_the_overview_and_audit_pages_open_without_running_markup(marked_org, sign_in, live_server):
    page = sign_in("ada", PASSWORD)
    for path in ("/overview/?quarter=FY24-Q3", "/audit/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("img[src='x']").count() == 0, path


def test_chart_labels_and_hover_text_hold_the_names_as_text(marked_org, sign_in, live_server):
    page = sign_in("ada", PASSWORD)
    page.goto(f"{live_server.url}/team/?quarter=FY24-Q3")
    page.wait_for_selector(".js-plotly-plot")
    # Plotly draws labels into SVG text nodes: markup there must be text, not elements.
    assert page.locator(".js-plotly-plot img, .js-plotly-plot script").count() == 0
    labels = page.eval_on_selector_all(
        ".js-plotly-plot text", "nodes => nodes.map(node => node.textContent).join(' ')"
    )
    assert PERSON in labels, labels
