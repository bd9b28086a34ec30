"""OKR selectors and services: a quarter's OKRs, linked key results, check-ins, the refresh."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.calendar import FiscalQuarter
from okrs import okrs
from okrs.models import CheckIn, KeyResultSnapshot, TargetAccount
from tests.factories import (
    DepartmentFactory,
    DepartmentQuarterFactory,
    KeyResultFactory,
    ObjectiveFactory,
    OpportunityFactory,
    UserFactory,
    add_key_result,
)

pytestmark = pytest.mark.django_db

FY22_Q3 = FiscalQuarter(2022, 3)
D = date(2021, 9, 15)


@pytest.fixture(autouse=True)
def mid_fy22_q3(today):
    today(D)


def objective_in(department: str, title: str = "An objective"):
    plan = DepartmentQuarterFactory(department=DepartmentFactory(name=department))
    return ObjectiveFactory(plan=plan, title=title)


def statuses_by_department(result):
    return {
        d.name: [wording for o in d.objectives for wording, _ in o.key_results]
        for d in result.departments
    }


def test_shared_key_result_appears_under_each_department_in_its_wording():
    shared = KeyResultFactory(title="Land N2 Large Enterprise Logos (N3)")
    add_key_result(objective_in("Company"), shared)
    add_key_result(objective_in("Sales"), shared)
    add_key_result(objective_in("Marketing"), shared, wording="Land N2 large enterprise logos")
    result = okrs.quarter_okrs(FY22_Q3)
    assert statuses_by_department(result) == {
        "Company": ["Land N2 Large Enterprise Logos (N3)"],
        "Sales": ["Land N2 Large Enterprise Logos (N3)"],
        "Marketing": ["Land N2 large enterprise logos"],
    }
    assert list(result.key_results) == [shared.id]


def test_shared_key_result_check_in_shows_under_each_department():
    shared = KeyResultFactory(start=Decimal(0), target=Decimal(8))
    add_key_result(objective_in("Company"), shared)
    add_key_result(objective_in("Sales"), shared)
    okrs.record_check_in(
        key_result=shared, author=None, day=date(2021, 9, 1), confidence=7, value=Decimal(2)
    )
    result = okrs.quarter_okrs(FY22_Q3)
    progress = [
        s.progress for d in result.departments for o in d.objectives for _, s in o.key_results
    ]
    assert progress == [Decimal(25), Decimal(25)]


def test_latest_check_in_up_to_d_gives_value_and_confidence():
    kr = KeyResultFactory(kind="score", start=None, target=Decimal(4), scale_max=Decimal(5))
    add_key_result(objective_in("Company"), kr)
    for day, value, confidence in [(date(2021, 8, 20), "3.2", 5), (date(2021, 9, 10), "3.6", 6)]:
        okrs.record_check_in(
            key_result=kr, author=None, day=day, confidence=confidence, value=Decimal(value)
        )
    okrs.record_check_in(
        key_result=kr, author=None, day=date(2021, 9, 20), confidence=9, value=Decimal(4)
    )
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert (status.current, status.progress, status.confidence) == (Decimal("3.6"), Decimal(90), 6)


def test_milestone_check_in_records_done():
    kr = KeyResultFactory(kind="milestone", start=None, target=None)
    add_key_result(objective_in("Talent"), kr)
    okrs.record_check_in(
        key_result=kr, author=None, day=date(2021, 9, 1), confidence=10, done=True, value=Decimal(3)
    )
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert (status.done, status.current, status.progress) == (True, None, Decimal(100))


def test_check_in_confidence_above_ten_is_refused():
    kr = KeyResultFactory()
    with pytest.raises(ValidationError):
        okrs.record_check_in(key_result=kr, author=None, day=D, confidence=11)
    assert not CheckIn.objects.exists()


def test_check_in_outside_the_key_results_quarter_is_refused():
    kr = KeyResultFactory()
    with pytest.raises(ValidationError):
        okrs.record_check_in(key_result=kr, author=None, day=date(2021, 11, 1), confidence=5)
    assert not CheckIn.objects.exists()


def test_unset_target_has_no_progress():
    kr = KeyResultFactory(target=None, target_placeholder="N6")
    add_key_result(objective_in("Company"), kr)
    okrs.record_check_in(key_result=kr, author=None, day=D, confidence=5, value=Decimal(3))
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert (status.target_set, status.progress) == (False, None)


def target_accounts(*rows):
    TargetAccount.objects.bulk_create(
        TargetAccount(name=name, key=name.casefold(), employee_count=size) for name, size in rows
    )


def linked(link: str, target: int = 4):
    kr = KeyResultFactory(link=link, start=Decimal(0), target=Decimal(target))
    add_key_result(objective_in("Company"), kr)
    return kr


def test_linked_target_account_saos_computed_live_from_opportunities():
    target_accounts(("Globex", 12_000), ("Initech", 800))
    kr = linked("target_account_saos", target=4)
    OpportunityFactory(account="Globex", sao_date=date(2021, 8, 5))
    OpportunityFactory(account="initech", sao_date=date(2021, 9, 15))
    OpportunityFactory(account="Umbrella", sao_date=date(2021, 9, 1))  # not a target
    OpportunityFactory(account="Globex", type="expansion", sao_date=date(2021, 9, 1))
    OpportunityFactory(account="Globex", sao_date=date(2021, 7, 31))  # FY22-Q2
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert (status.current, status.progress) == (Decimal(2), Decimal(50))


def test_linked_large_enterprise_opportunities_at_stage_4_plus():
    target_accounts(("Globex", 12_000), ("Initech", 800))
    kr = linked("large_enterprise_stage_4", target=2)
    OpportunityFactory(account="Globex", stage="4", close_date=date(2021, 12, 1))
    OpportunityFactory(account="Globex", stage="won", close_date=date(2021, 8, 30))
    OpportunityFactory(account="Globex", stage="3", close_date=date(2021, 12, 1))
    OpportunityFactory(account="Globex", stage="5", close_date=date(2022, 3, 1))  # FY23
    OpportunityFactory(account="Initech", stage="6", close_date=date(2021, 12, 1))  # small
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert (status.current, status.progress) == (Decimal(2), Decimal(100))


def test_linked_large_enterprise_logos_landed_this_quarter():
    target_accounts(("Globex", 12_000), ("Umbrella", 5_000), ("Initech", 800))
    kr = linked("large_enterprise_logos", target=4)
    OpportunityFactory(account="Globex", stage="won", close_date=date(2021, 8, 3))
    OpportunityFactory(account="Globex", stage="won", close_date=date(2021, 9, 3))
    OpportunityFactory(account="Umbrella", stage="won", close_date=date(2021, 9, 10))
    OpportunityFactory(account="Initech", stage="won", close_date=date(2021, 9, 10))
    OpportunityFactory(account="Umbrella", stage="won", close_date=date(2021, 9, 20))  # after D
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert (status.current, status.progress) == (Decimal(2), Decimal(50))


def test_linked_key_result_ignores_a_checked_in_value():
    target_accounts(("Globex", 12_000))
    kr = linked("target_account_saos")
    OpportunityFactory(account="Globex", sao_date=date(2021, 8, 5))
    okrs.record_check_in(key_result=kr, author=None, day=D, confidence=4, value=Decimal(9))
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert (status.current, status.confidence) == (Decimal(1), 4)


def test_refresh_stores_linked_values_and_running_twice_changes_nothing():
    target_accounts(("Globex", 12_000))
    kr = linked("target_account_saos")
    KeyResultFactory(code="unlinked")
    OpportunityFactory(account="Globex", sao_date=date(2021, 8, 5))
    assert okrs.refresh_linked_key_results(D) == 1
    assert okrs.refresh_linked_key_results(D) == 1
    assert list(KeyResultSnapshot.objects.values_list("key_result_id", "date", "value")) == [
        (kr.id, D, Decimal(1))
    ]


def test_linked_key_result_moved_since_last_week():
    target_accounts(("Globex", 12_000))
    kr = linked("target_account_saos")
    OpportunityFactory(account="Globex", sao_date=date(2021, 8, 5))
    okrs.refresh_linked_key_results(date(2021, 9, 8))
    OpportunityFactory(account="Globex", sao_date=date(2021, 9, 10))
    OpportunityFactory(account="Globex", sao_date=date(2021, 9, 14))
    result = okrs.quarter_okrs(FY22_Q3)
    status = result.key_results[kr.id]
    assert (status.week_ago, status.current, status.moved) == (Decimal(1), Decimal(3), Decimal(2))
    assert [s.id for s in result.moved_since_last_week] == [kr.id]


def test_past_quarter_reads_stage_4_plus_from_the_snapshot_of_its_last_day(today):
    target_accounts(("Globex", 12_000))
    kr = linked("large_enterprise_stage_4")
    KeyResultSnapshot.objects.create(key_result=kr, date=date(2021, 10, 31), value=Decimal(3))
    OpportunityFactory(account="Globex", stage="4", close_date=date(2021, 12, 1))
    today(date(2021, 11, 20))
    status = okrs.quarter_okrs(FY22_Q3).key_results[kr.id]
    assert status.current == Decimal(3)


def test_future_quarter_has_no_figures():
    kr = KeyResultFactory(fiscal_year=2022, quarter=4)
    plan = DepartmentQuarterFactory(quarter=4)
    add_key_result(ObjectiveFactory(plan=plan), kr)
    CheckIn.objects.create(key_result=kr, date=D, confidence=5, value=Decimal(3))
    result = okrs.quarter_okrs(FiscalQuarter(2022, 4))
    assert result.as_of is None and result.key_results[kr.id].current is None


def test_confidence_trend_over_the_quarter():
    first, second = KeyResultFactory(), KeyResultFactory()
    objective = objective_in("Company")
    add_key_result(objective, first)
    add_key_result(objective, second, position=1)
    okrs.record_check_in(key_result=first, author=None, day=date(2021, 8, 2), confidence=8)
    okrs.record_check_in(key_result=second, author=None, day=date(2021, 9, 14), confidence=4)
    trend = dict(okrs.quarter_okrs(FY22_Q3).confidence_trend)
    assert trend[date(2021, 8, 7)] == Decimal(8)
    assert trend[D] == Decimal(6)


def test_confidence_trend_per_department_counts_a_shared_key_result_in_each():
    shared, sales_only = KeyResultFactory(), KeyResultFactory()
    add_key_result(objective_in("Company"), shared)
    sales = objective_in("Sales")
    add_key_result(sales, shared)
    add_key_result(sales, sales_only, position=1)
    okrs.record_check_in(key_result=shared, author=None, day=date(2021, 9, 1), confidence=9)
    okrs.record_check_in(key_result=sales_only, author=None, day=date(2021, 9, 2), confidence=3)
    trends = {
        name: dict(trend)[D] for name, trend in okrs.quarter_okrs(FY22_Q3).department_confidence
    }
    assert trends == {"Company": Decimal(9), "Sales": Decimal(6)}


def build_quarter(prefix: str, departments: int, key_results: int):
    for d in range(departments):
        objective = objective_in(f"{prefix} {d}")
        for k in range(key_results):
            kr = KeyResultFactory(link="target_account_saos" if k == 0 else "")
            add_key_result(objective, kr, position=k)
            okrs.record_check_in(key_result=kr, author=None, day=D, confidence=5, value=Decimal(1))


def count_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        okrs.quarter_okrs(FY22_Q3)
    return len(queries)


def test_query_count_does_not_grow_with_the_quarters_okrs():
    target_accounts(("Globex", 12_000))
    build_quarter("Small", 1, 1)
    small = count_queries()
    build_quarter("Large", 6, 8)
    assert count_queries() == small


def test_can_check_in_admins_managers_and_the_owner_only():
    from tests.factories import PersonFactory

    owner = PersonFactory(role="ae", user=UserFactory(username="owner"))
    other = PersonFactory(role="ae", user=UserFactory(username="other"))
    manager = PersonFactory(role="manager", user=UserFactory(username="boss"))
    kr = KeyResultFactory(owner=owner)
    assert okrs.can_check_in(owner.user, kr)
    assert okrs.can_check_in(manager.user, kr)
    assert not okrs.can_check_in(other.user, kr)


def test_admin_fills_in_a_hidden_target_in_the_admin(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    kr = KeyResultFactory(target=None, target_placeholder="N6", title="Generate N6 SAOs")
    page = client.get("/admin/okrs/keyresult/?q=N6").content.decode()
    assert "Generate N6 SAOs" in page
    response = client.post(
        f"/admin/okrs/keyresult/{kr.id}/change/",
        {
            "fiscal_year": 2022,
            "quarter": 3,
            "code": kr.code,
            "title": kr.title,
            "kind": "numeric",
            "link": "",
            "start": "0",
            "target": "30",
            "target_placeholder": "N6",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.target == Decimal(30)
