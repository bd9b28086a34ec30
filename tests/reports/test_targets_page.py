"""/targets/: the quarter's grid for admins, RULES.md's proposal, draft then publish."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import Target, TargetPublication
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


@pytest.fixture
def admin_client(client):
    login_person(client, PersonFactory(role="admin"))
    return client


def test_q4_shows_the_proposal_in_a_quarter_picker(admin_client):
    response = admin_client.get("/targets/?quarter=FY24-Q4")
    text = response.content.decode()
    assert 'name="t-closed_won_acv-ae-" inputmode="decimal" value="1000000"' in text
    assert 'value="32"' in text and 'value="12"' in text
    assert '<option value="FY24-Q4" selected>' in text


def test_save_draft_then_publish(admin_client):
    page = admin_client.get("/targets/?quarter=FY24-Q4").context["page"]
    body = {f"t-{'-'.join(key)}": str(value) for key, value in page.cells.items()}
    body |= {"quarter": "FY24-Q4", "action": "save"}
    response = admin_client.post("/targets/", body)
    assert response.status_code == 302
    assert Target.objects.filter(fiscal_year=2024, quarter=4, published=False).count() == 4
    draft = admin_client.get("/targets/?quarter=FY24-Q4")
    assert "draft" in draft.content.decode()
    response = admin_client.post("/targets/", body | {"action": "publish"}, follow=True)
    assert "FY24-Q4 published" in response.content.decode()
    assert not Target.objects.filter(fiscal_year=2024, quarter=4, published=False).exists()
    assert TargetPublication.objects.get().published_by.username
    assert Target.objects.get(
        fiscal_year=2024, quarter=4, metric="new_logos_closed", role="ae"
    ).value == Decimal(12)


def test_a_value_that_is_not_a_number_is_named_and_saves_nothing(admin_client):
    body = {"quarter": "FY24-Q4", "action": "save", "t-closed_won_acv-ae-": "lots"}
    response = admin_client.post("/targets/", body)
    assert response.status_code == 400
    assert "closed_won_acv (ae): &#x27;lots&#x27; is not a number" in response.content.decode()
    assert not Target.objects.filter(fiscal_year=2024, quarter=4, role="ae").exists()


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
def test_non_admins_get_404(client, role):
    login_person(client, PersonFactory(role=role, sdr_segment="inbound" if role == "sdr" else ""))
    assert client.get("/targets/?quarter=FY24-Q4").status_code == 404
    assert client.post("/targets/", {"quarter": "FY24-Q4", "action": "publish"}).status_code == 404
