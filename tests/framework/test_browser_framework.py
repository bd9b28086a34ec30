"""The manager's rating flow and leadership's calibration page, in a real Chromium."""

from datetime import date

import pytest
from playwright.sync_api import expect

from framework.models import Rating, State
from tests.factories import PASSWORD, PersonFactory, UserFactory

from .pages import FY, ae_with_quota, published_rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def after_fy24(today):
    today(date(2024, 2, 15))


def with_login(person, username):
    person.user = UserFactory(username=username)
    person.save(update_fields=["user"])
    return person


@pytest.fixture
def org():
    vp = with_login(PersonFactory(role="manager", name="Vera Pike"), "vp")
    manager = with_login(PersonFactory(role="manager", name="Maria Lopez", manager=vp), "maria")
    ae = with_login(
        ae_with_quota(manager, name="Avery Stone", closed="450000", level="L2"), "avery"
    )
    return vp, manager, ae


def test_manager_rates_leadership_finalises_and_the_rep_reads_it(org, page, sign_in, live_server):
    vp, manager, ae = org
    sign_in("maria", PASSWORD)
    page.goto(f"{live_server.url}/framework/?fy={FY}")
    page.get_by_role("link", name="Start rating").click()
    expect(page.locator("[data-testid=role_scope-meeting]")).to_contain_text(
        "Understands basic competencies, efficiently completes routine tasks"
    )
    expect(page.locator("[data-testid=attainment]")).to_have_text("90%")
    page.check("input[name=role_scope][value=exceeding]")
    page.fill("textarea[name=role_scope_examples]", "Closed the Acme expansion without help.")
    page.check("input[name=team_impact][value=meeting]")
    page.fill("textarea[name=team_impact_examples]", "Shared the POC playbook.")
    page.get_by_role("button", name="Submit to leadership").click()
    expect(page.locator("[data-testid=state]")).to_have_text("Submitted")
    expect(page.locator("[data-testid=eligible]")).to_have_text("3")

    page.get_by_role("button", name="Log out").click()
    sign_in("vp", PASSWORD)
    page.goto(f"{live_server.url}/framework/ratings/{FY}/{ae.id}/")
    page.check("input[name=final_score][value='2']")
    page.get_by_role("button", name="Set final score").click()
    expect(page.locator("[data-testid=errors]")).to_contain_text("needs a rationale")
    page.check("input[name=final_score][value='2']")
    page.fill("textarea[name=rationale]", "Carried the Acme launch for the team.")
    page.get_by_role("button", name="Set final score").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("[data-testid=state]")).to_have_text("Published")
    assert Rating.objects.get(person=ae).state == State.PUBLISHED

    page.get_by_role("button", name="Log out").click()
    sign_in("avery", PASSWORD)
    page.goto(f"{live_server.url}/framework/")
    page.get_by_role("link", name="FY24 rating").click()
    expect(page.locator("[data-testid=final]")).to_contain_text("2")
    expect(page.locator("[data-testid=rationale]")).to_have_text(
        "Carried the Acme launch for the team."
    )


def test_calibration_page_draws_the_distribution_and_filters_by_level(
    org, page, sign_in, live_server
):
    vp, manager, ae = org
    published_rating(ae, final_score=3)
    senior = ae_with_quota(manager, name="<img src=x onerror=alert(1)>", level="L5")
    published_rating(senior, final_score=2, rationale="Led enablement")
    sign_in("vp", PASSWORD)
    page.goto(f"{live_server.url}/framework/calibration/{FY}/")
    expect(page.locator("#distribution")).to_have_attribute("data-drawn", "true")
    assert page.locator("#distribution .bars .point").count() == 5
    rows = page.locator("[data-testid=ratings] tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("[data-testid=overrides]")).to_contain_text(
        "<img src=x onerror=alert(1)>: eligible 3 → final 2. Led enablement"
    )
    page.select_option("select[name=level]", "L5")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("<img src=x onerror=alert(1)>")
