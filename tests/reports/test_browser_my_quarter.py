"""The demo AE logs in through a real Chromium and reads their FY24 quarter."""

from io import StringIO

import pytest
from django.core.management import call_command

from demo import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_ae_sees_fy24_figures(today, sign_in):
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    page = sign_in("ae", demo.DEMO_PASSWORD)
    assert page.locator("h1").inner_text().startswith("Avery Stone")
    assert page.locator("#quarter").input_value() == "FY24-Q3"
    rows = page.locator("[data-testid=figures] tbody tr")
    assert rows.count() == 4
    closed_won = page.locator("tr[data-metric=closed_won_acv]").inner_text()
    assert "$650,000" in closed_won and "$475,000" in closed_won
    page.select_option("#quarter", "FY24-Q1")
    # Choosing does not navigate (an arrow key must not leave the page): Go does.
    assert "quarter=" not in page.url
    page.click(".quarter-select button[type=submit]")
    page.wait_for_url("**quarter=FY24-Q1")
    assert "figures as of 2023-04-30" in page.locator(".as-of").inner_text()
