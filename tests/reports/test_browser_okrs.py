"""The OKR page and a check-in, through a real Chromium."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from okrs.models import CheckIn, KeyResult, ObjectiveKeyResult
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKUP = "<img src=x onerror=alert(1)> logos"


@pytest.fixture
def seeded(today):
    today(date(2021, 9, 15))
    call_command("load_okr_seed", stdout=StringIO())
    PersonFactory(role="manager", name="Maria Lopez", user=UserFactory(username="maria"))


def test_okr_page_shows_departments_progress_charts_and_confidence(seeded, sign_in, live_server):
    iarr = KeyResult.objects.get(code="n0-iarr-n1-stretch")
    iarr.title = MARKUP
    iarr.save()
    ObjectiveKeyResult.objects.filter(key_result=iarr).update(wording="")
    page = sign_in("maria", PASSWORD)
    page.goto(f"{live_server.url}/okrs/FY22-Q3/")
    assert page.locator("section.department").count() == 8
    company = page.locator("section[data-department=Company]")
    assert "target not set (N6)" in company.inner_text()
    assert MARKUP in company.locator("table").first.inner_text()
    company.locator("[data-chart] .main-svg").first.wait_for()
    assert "<img src=x onerror=alert(1)> logos" in company.locator("[data-chart]").inner_text()
    assert "No check-ins yet." in page.locator(".okr-summary").inner_text()


def test_check_in_updates_progress_and_confidence(seeded, sign_in, live_server):
    articles = KeyResult.objects.get(code="publish-2-articles-focused-on-talentculture-at")
    page = sign_in("maria", PASSWORD)
    page.goto(f"{live_server.url}/okrs/FY22-Q3/")
    row = page.locator(f"tr[data-kr-id='{articles.id}']")
    row.locator("summary", has_text="Check in").click()
    row.locator("input[name=value]").fill("1")
    row.locator("input[name=confidence]").fill("7")
    row.locator("textarea[name=comment]").fill("First article is out")
    row.locator("button", has_text="Save check-in").click()
    page.wait_for_load_state()
    assert "Check-in recorded." in page.locator(".messages").inner_text()
    row = page.locator(f"tr[data-kr-id='{articles.id}']")
    assert row.locator("td.progress").inner_text() == "50%"
    assert row.locator("td.confidence").inner_text() == "7/10"
    assert "First article is out" in row.locator("td.last").inner_text()
    page.locator("[data-testid=confidence-chart] .main-svg").first.wait_for()
    check_in = CheckIn.objects.get()
    assert (check_in.value, check_in.confidence, check_in.author.username) == (
        Decimal(1),
        7,
        "maria",
    )
