"""The OKR page, the check-in form and the target-account upload."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrs.models import CheckIn, KeyResult, TargetAccount
from tests.factories import (
    DepartmentFactory,
    DepartmentQuarterFactory,
    KeyResultFactory,
    ObjectiveFactory,
    OpportunityFactory,
    PersonFactory,
    add_key_result,
    login_person,
)

pytestmark = pytest.mark.django_db

D = date(2021, 9, 15)
URL = "/okrs/FY22-Q3/"


@pytest.fixture(autouse=True)
def mid_fy22_q3(today):
    today(D)


@pytest.fixture
def manager(client):
    person = PersonFactory(role="manager", name="Maria Lopez")
    login_person(client, person)
    return person


def objective_with(department: str, *key_results, title="Win"):
    plan = DepartmentQuarterFactory(department=DepartmentFactory(name=department))
    objective = ObjectiveFactory(plan=plan, title=title)
    for position, kr in enumerate(key_results):
        add_key_result(objective, kr, position=position)
    return objective


def test_page_shows_departments_objectives_and_unset_targets(client, manager):
    call_command("load_okr_seed", stdout=StringIO())
    page = client.get(URL).content.decode()
    assert "Customer Engineering" in page and "People Ops" in page
    assert "Bring code search to the largest enterprises" in page
    assert "target not set (N6)" in page and "stretch not set (N1)" in page


def test_okrs_default_to_the_quarter_holding_today(client, manager):
    objective_with("Company", KeyResultFactory(title="Ship it"))
    page = client.get("/okrs/").content.decode()
    assert "FY22-Q3" in page and "Ship it" in page


def test_shared_key_result_shows_under_each_department(client, manager):
    shared = KeyResultFactory(title="Land N2 Large Enterprise Logos")
    objective_with("Company", shared)
    objective_with("Sales", shared)
    page = client.get(URL).content.decode()
    assert page.count(f'data-kr-id="{shared.id}"') == 2
    assert page.count("Land N2 Large Enterprise Logos</th>") == 2


def test_linked_key_result_progress_from_opportunities(client, manager):
    TargetAccount.objects.create(name="Globex", key="globex", employee_count=12_000)
    kr = KeyResultFactory(title="Generate N6 SAOs", link="target_account_saos", target=4)
    objective_with("Sales", kr)
    OpportunityFactory(account="Globex", sao_date=date(2021, 8, 5))
    response = client.get(URL)
    row = response.content.decode().split(f'data-kr-id="{kr.id}"')[1].split("</tr>")[0]
    assert ">1<" in row and ">25%<" in row and "from sales data" in row


def test_markup_in_a_key_result_shows_as_text(client, manager):
    objective_with("Company", KeyResultFactory(title="<script>alert(1)</script> logos"))
    page = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; logos" in page


def test_check_in_records_value_confidence_comment_and_who(client, manager):
    kr = KeyResultFactory(start=Decimal(0), target=Decimal(8))
    objective_with("Company", kr)
    response = client.post(
        f"/okrs/key-results/{kr.id}/check-ins/",
        {"value": "2", "confidence": "7", "comment": "Two in Stage 4"},
        follow=True,
    )
    check_in = CheckIn.objects.get()
    assert (check_in.value, check_in.confidence, check_in.date) == (Decimal(2), 7, D)
    assert check_in.author == manager.user
    page = response.content.decode()
    assert "Check-in recorded." in page and "25%" in page and "7/10" in page


def test_check_in_with_confidence_out_of_range_is_refused(client, manager):
    kr = KeyResultFactory()
    objective_with("Company", kr)
    response = client.post(
        f"/okrs/key-results/{kr.id}/check-ins/", {"value": "2", "confidence": "11"}, follow=True
    )
    assert not CheckIn.objects.exists()
    assert "Check-in not recorded" in response.content.decode()


def test_a_past_quarter_offers_no_check_in(client, manager, today):
    objective_with("Company", KeyResultFactory())
    today(date(2021, 11, 2))
    page = client.get(URL).content.decode()
    assert "Save check-in" not in page and "figures as of" in page.lower()


def test_a_rep_may_not_check_in_on_a_key_result_they_do_not_own(client):
    login_person(client, PersonFactory(role="ae"))
    kr = KeyResultFactory()
    response = client.post(f"/okrs/key-results/{kr.id}/check-ins/", {"confidence": "5"})
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_admin_uploads_the_target_account_list(client):
    login_person(client, PersonFactory(role="admin"))
    upload = SimpleUploadedFile("accounts.csv", b"Account Name,Employees\nGlobex,12000\n")
    response = client.post("/okrs/target-accounts/", {"file": upload}, follow=True)
    assert "1 target accounts loaded." in response.content.decode()
    assert TargetAccount.objects.get().employee_count == 12000


def test_a_rep_cannot_upload_target_accounts(client):
    login_person(client, PersonFactory(role="ae"))
    assert client.get("/okrs/target-accounts/").status_code == 403


def test_nonsense_quarter_is_not_found(client, manager):
    assert client.get("/okrs/Q9-nonsense/").status_code == 404


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_page_query_count_does_not_grow_with_the_okrs(client, manager):
    TargetAccount.objects.create(name="Globex", key="globex", employee_count=12_000)
    objective_with("Small", KeyResultFactory(link="target_account_saos"))
    small = page_queries(client)
    for d in range(5):
        objective_with(
            f"Large {d}",
            *[KeyResultFactory(link="target_account_saos" if k == 0 else "") for k in range(6)],
        )
    assert KeyResult.objects.count() == 31
    assert page_queries(client) == small


def test_okrs_open_on_the_latest_quarter_with_okrs_not_an_empty_one(client, manager, today):
    # Issue 17: mid FY24-Q3 with OKRs only for FY22-Q3, /okrs/ shows those, not an empty page.
    objective_with("Sales", title="Grow the FY22 pipeline")
    today(date(2023, 9, 15))
    page = client.get("/okrs/").content.decode()
    assert "Grow the FY22 pipeline" in page


def test_okrs_open_on_todays_quarter_when_it_has_okrs(client, manager):
    objective_with("Sales", title="This quarter's objective")
    assert "This quarter&#x27;s objective" in client.get("/okrs/").content.decode()
