"""/api/v1/okrs/: a quarter's company OKRs as the page shows them, and check-ins by the people
the page lets check in."""

from datetime import date
from decimal import Decimal

import pytest

from goals.calendar import FiscalQuarter
from okrs import okrs
from okrs.models import CheckIn, TargetAccount
from tests.factories import (
    DepartmentFactory,
    DepartmentQuarterFactory,
    KeyResultFactory,
    ObjectiveFactory,
    OpportunityFactory,
    PersonFactory,
    UserFactory,
    add_key_result,
)
from tests.goals.api.conftest import api_client

pytestmark = pytest.mark.django_db

D = date(2021, 9, 15)  # mid FY22-Q3, the quarter of seed 002's OKRs


@pytest.fixture(autouse=True)
def mid_fy22_q3(today):
    today(D)


def objective_in(department: str, title: str = "An objective", fiscal_year=2022, quarter=3):
    plan = DepartmentQuarterFactory(
        department=DepartmentFactory(name=department),
        fiscal_year=fiscal_year,
        quarter=quarter,
        why=f"Why {department}",
    )
    return ObjectiveFactory(plan=plan, title=title, why="Because.")


def get_okrs(client, quarter: str = "FY22-Q3") -> dict:
    response = client.get(f"/api/v1/okrs/?quarter={quarter}")
    assert response.status_code == 200, response.content
    return response.json()


def key_results(body: dict) -> list[tuple[str, dict]]:
    return [
        (department["name"], kr)
        for department in body["departments"]
        for objective in department["objectives"]
        for kr in objective["key_results"]
    ]


@pytest.fixture
def quarter():
    """Company and Sales share one numeric key result (owned by an AE); Talent has a score
    and a milestone; Sales a key result computed from the sales data."""
    owner = PersonFactory(role="ae", name="Olive Owner", email="olive@pacer.example")
    shared = KeyResultFactory(
        code="logos", title="Land 8 logos", start=Decimal(0), target=Decimal(8), owner=owner
    )
    score = KeyResultFactory(
        code="survey",
        title="Survey score of 4+",
        kind="score",
        start=None,
        target=Decimal(4),
        scale_max=Decimal(5),
    )
    milestone = KeyResultFactory(
        code="careers-page", title="New careers page", kind="milestone", start=None, target=None
    )
    linked = KeyResultFactory(
        code="target-saos",
        title="4 target account SAOs",
        link="target_account_saos",
        target=Decimal(4),
    )
    add_key_result(objective_in("Company"), shared)
    sales = objective_in("Sales")
    add_key_result(sales, shared, wording="Land 8 new logos")
    add_key_result(sales, linked, position=1)
    talent = objective_in("Talent")
    add_key_result(talent, score)
    add_key_result(talent, milestone, position=1)
    boss = UserFactory(username="boss@pacer.example")
    for kr, day, confidence, value, done in [
        (shared, date(2021, 8, 20), 6, Decimal(2), None),
        (shared, date(2021, 9, 10), 7, Decimal(3), None),
        (score, date(2021, 9, 1), 5, Decimal("3.6"), None),
        (milestone, date(2021, 9, 2), 9, None, True),
    ]:
        okrs.record_check_in(
            key_result=kr, author=boss, day=day, confidence=confidence, value=value, done=done
        )
    TargetAccount.objects.create(name="Globex", key="globex", employee_count=12_000)
    OpportunityFactory(account="Globex", sao_date=date(2021, 8, 5))
    return {"shared": shared, "score": score, "milestone": milestone, "linked": linked}


def test_departments_objectives_and_key_results_by_hand(quarter):
    body = get_okrs(api_client(PersonFactory(role="sdr", sdr_segment="outbound")))
    assert (body["quarter"], body["as_of"], body["quarters"]) == (
        "FY22-Q3",
        "2021-09-15",
        ["FY22-Q3"],
    )
    assert [(d["name"], d["why"]) for d in body["departments"]] == [
        ("Company", "Why Company"),
        ("Sales", "Why Sales"),
        ("Talent", "Why Talent"),
    ]
    figures = {
        (department, kr["code"]): (kr["wording"], kr["current"], kr["target"], kr["progress"])
        for department, kr in key_results(body)
    }
    assert figures == {
        # numeric: (3 − 0) ÷ (8 − 0) = 37.5 %, shown under each department in its wording
        ("Company", "logos"): ("Land 8 logos", "3", "8", "37.50"),
        ("Sales", "logos"): ("Land 8 new logos", "3", "8", "37.50"),
        # computed from the sales data: 1 new-business SAO on a target account, of 4
        ("Sales", "target-saos"): ("4 target account SAOs", "1", "4", "25"),
        # score: 3.6 of a 4 target = 90 %; milestone done = 100 %
        ("Talent", "survey"): ("Survey score of 4+", "3.60", "4", "90"),
        ("Talent", "careers-page"): ("New careers page", None, None, "100"),
    }


def test_a_key_result_carries_its_latest_check_in_and_owner(quarter):
    body = get_okrs(api_client(PersonFactory(role="ae")))
    shared = next(kr for _, kr in key_results(body) if kr["code"] == "logos")
    assert shared["owner"] == quarter["shared"].owner_id
    assert shared["owner_name"] == "Olive Owner"
    assert (shared["confidence"], shared["checked_in"], shared["checked_in_by"]) == (
        7,
        "2021-09-10",
        "boss@pacer.example",
    )
    milestone = next(kr for _, kr in key_results(body) if kr["code"] == "careers-page")
    assert (milestone["kind"], milestone["done"], milestone["target_set"]) == (
        "milestone",
        True,
        True,
    )


def test_every_check_in_up_to_d_oldest_first(quarter, today):
    CheckIn.objects.create(key_result=quarter["score"], date=date(2021, 9, 20), confidence=1)
    body = get_okrs(api_client(PersonFactory(role="ae")))
    assert [
        (c["key_result"], c["date"], c["confidence"], c["value"]) for c in body["check_ins"]
    ] == [
        (quarter["shared"].id, "2021-08-20", 6, "2.0000"),
        (quarter["score"].id, "2021-09-01", 5, "3.6000"),
        (quarter["milestone"].id, "2021-09-02", 9, None),
        (quarter["shared"].id, "2021-09-10", 7, "3.0000"),
    ]  # the check-in dated after D is left out, as on the page
    assert body["check_ins"][2]["done"] is True
    assert body["check_ins"][0]["author"] == "boss@pacer.example"


def test_confidence_trend_for_the_quarter_and_each_department(quarter):
    body = get_okrs(api_client(PersonFactory(role="ae")))
    assert body["confidence_trend"][-1] == {"date": "2021-09-15", "confidence": "7"}  # (7+5+9)/3
    last = {d["name"]: d["confidence_trend"][-1]["confidence"] for d in body["departments"]}
    assert last == {"Company": "7", "Sales": "7", "Talent": "7"}
    assert body["confidence_trend"][0] == {"date": "2021-08-07", "confidence": None}


def test_the_figures_are_the_engines(quarter):
    body = get_okrs(api_client(PersonFactory(role="ae")))
    engine = okrs.quarter_okrs(FiscalQuarter(2022, 3)).key_results
    for _, kr in key_results(body):
        status = engine[kr["id"]]
        for name in ("current", "target", "progress", "stretch_progress"):
            expected = getattr(status, name)
            assert kr[name] == (None if expected is None else _rounded(expected)), name


def _rounded(value: Decimal) -> str:
    from goals.rows import rounded

    return str(rounded(value))


def test_a_future_quarter_has_no_figures_nor_check_ins(today):
    kr = KeyResultFactory(quarter=4)
    add_key_result(objective_in("Company", quarter=4), kr)
    CheckIn.objects.create(key_result=kr, date=date(2021, 11, 5), confidence=5, value=Decimal(3))
    body = get_okrs(api_client(PersonFactory(role="ae")), "FY22-Q4")
    assert (body["as_of"], body["check_ins"], body["confidence_trend"]) == (None, [], [])
    ((_, shown),) = key_results(body)
    assert (shown["current"], shown["progress"], shown["can_check_in"]) == (None, None, False)


def test_quarter_is_required_and_checked(as_role):
    client = as_role("ae")
    assert client.get("/api/v1/okrs/").json()["fields"] == {"quarter": ["This field is required."]}
    response = client.get("/api/v1/okrs/?quarter=soon")
    assert (response.status_code, list(response.json()["fields"])) == (400, ["quarter"])


# --- who may check in: the page's rule (admins, managers, the key result's owner) ------------


def can_check_in(client) -> dict[str, bool]:
    return {kr["code"]: kr["can_check_in"] for _, kr in key_results(get_okrs(client))}


def test_can_check_in_follows_the_page(quarter):
    owner = quarter["shared"].owner
    assert can_check_in(api_client(owner)) == {
        "logos": True,
        "target-saos": False,
        "survey": False,
        "careers-page": False,
    }
    assert set(can_check_in(api_client(PersonFactory(role="manager"))).values()) == {True}
    assert set(can_check_in(api_client(PersonFactory(role="admin"))).values()) == {True}
    sdr = PersonFactory(role="sdr", sdr_segment="outbound")
    assert set(can_check_in(api_client(sdr)).values()) == {False}


def test_nobody_checks_in_on_a_past_quarter(quarter, today):
    today(date(2021, 11, 20))
    assert set(can_check_in(api_client(PersonFactory(role="admin"))).values()) == {False}
    url = f"/api/v1/okrs/key-results/{quarter['score'].id}/check-ins/"
    response = api_client(PersonFactory(role="admin")).post(url, {"confidence": 5}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "non_field_errors": ["Check-ins on a FY22-Q3 key result are for days of FY22-Q3."]
    }


def post_check_in(client, kr, body: dict):
    return client.post(f"/api/v1/okrs/key-results/{kr.id}/check-ins/", body, format="json")


def test_the_owner_checks_in_and_the_quarter_shows_it(quarter):
    client = api_client(quarter["shared"].owner)
    response = post_check_in(
        client, quarter["shared"], {"value": "6", "confidence": 8, "comment": "Two more signed."}
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["date"], created["value"], created["confidence"]) == ("2021-09-15", "6.0000", 8)
    assert created["author"] == "olive@pacer.example"
    shown = next(kr for _, kr in key_results(get_okrs(client)) if kr["code"] == "logos")
    assert (shown["current"], shown["progress"], shown["comment"]) == (
        "6",
        "75",
        "Two more signed.",
    )


def test_another_rep_may_not_check_in(quarter):
    other = api_client(PersonFactory(role="ae"))
    response = post_check_in(other, quarter["shared"], {"value": "6", "confidence": 8})
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert CheckIn.objects.count() == 4


def test_a_manager_checks_in_on_any_key_result(quarter):
    manager = api_client(PersonFactory(role="manager"))
    assert (
        post_check_in(manager, quarter["score"], {"value": "3.8", "confidence": 6}).status_code
        == 201
    )
    assert CheckIn.objects.filter(key_result=quarter["score"]).latest("id").value == Decimal("3.8")


def test_a_milestone_records_done_and_a_linked_key_result_no_value(quarter):
    admin = api_client(PersonFactory(role="admin"))
    post_check_in(admin, quarter["milestone"], {"done": False, "value": "3", "confidence": 2})
    post_check_in(admin, quarter["linked"], {"value": "99", "confidence": 3})
    milestone = CheckIn.objects.filter(key_result=quarter["milestone"]).latest("id")
    linked = CheckIn.objects.filter(key_result=quarter["linked"]).latest("id")
    assert (milestone.done, milestone.value) == (False, None)
    assert (linked.value, linked.confidence) == (None, 3)
    shown = {kr["code"]: kr for _, kr in key_results(get_okrs(admin))}
    assert (shown["careers-page"]["progress"], shown["target-saos"]["current"]) == ("0", "1")


@pytest.mark.parametrize(
    "body",
    [{}, {"confidence": 11}, {"confidence": -1}, {"confidence": 5, "value": "1e20"}],
)
def test_a_bad_check_in_is_a_field_error(quarter, body):
    response = post_check_in(api_client(PersonFactory(role="admin")), quarter["score"], body)
    assert response.status_code == 400
    assert set(response.json()["fields"]) <= {"confidence", "value"}
    assert CheckIn.objects.count() == 4


def test_an_unknown_key_result_is_404(as_role):
    response = as_role("manager").post(
        "/api/v1/okrs/key-results/999999/check-ins/", {"confidence": 5}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
