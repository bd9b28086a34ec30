"""API lists cost the same number of queries for a small and a large team."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MeetingFactory, OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db

LISTS = (
    "/api/v1/people/",
    "/api/v1/opportunities/",
    "/api/v1/meetings/",
    "/api/v1/target-overrides/",
    "/api/v1/snapshots/",
    "/api/v1/coaching/?quarter=FY24-Q3",
)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _grow_team(manager, size: int) -> None:
    for _ in range(size):
        ae = PersonFactory(role="ae", manager=manager)
        sdr = PersonFactory(role="sdr", sdr_segment="outbound", manager=manager)
        OpportunityFactory(owner=ae, sourced_by=sdr)
        MeetingFactory(sdr=sdr)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_for_a_larger_team(as_role, org, url, today):
    today(date(2023, 9, 15))
    client = as_role("manager")
    small = _queries(client, url)
    _grow_team(org.manager, 30)
    assert _queries(client, url) == small


def _attainment(client) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/v1/attainment/?quarter=FY24-Q3")
    assert response.status_code == 200
    return len(context.captured_queries), response.json()


def test_attainment_with_look_ahead_costs_the_same_queries_for_2_or_42_people(as_role, org, today):
    today(date(2023, 9, 15))  # the live day: look-ahead figures are computed
    client = as_role("manager")
    small, body = _attainment(client)
    assert len({row["person"] for row in body["results"]}) == 2
    assert len(body["look_ahead"]) == 1
    for _ in range(40):
        ae = PersonFactory(role="ae", manager=org.manager)
        OpportunityFactory(owner=ae, stage="4", close_date=date(2023, 10, 1))  # open, in quarter
        OpportunityFactory(owner=ae, stage="2", close_date=date(2023, 12, 1))  # after quarter end
    large, body = _attainment(client)
    assert len({row["person"] for row in body["results"]}) == 42
    assert len(body["look_ahead"]) == 41
    new = [entry for entry in body["look_ahead"] if entry["person"] != org.ae.id]
    assert {entry["open_pipeline"] for entry in new} == {"10000"}
    assert large == small


def _okr_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/v1/okrs/?quarter=FY24-Q3")
    assert response.status_code == 200
    return len(context.captured_queries)


def _grow_okrs(departments: int, key_results: int) -> None:
    from okrs import okrs
    from tests.factories import (
        DepartmentQuarterFactory,
        KeyResultFactory,
        ObjectiveFactory,
        add_key_result,
    )

    for _ in range(departments):
        objective = ObjectiveFactory(plan=DepartmentQuarterFactory(fiscal_year=2024, quarter=3))
        for position in range(key_results):
            owner = PersonFactory(role="ae")
            link = "target_account_saos" if position == 0 else ""
            kr = KeyResultFactory(fiscal_year=2024, quarter=3, owner=owner, link=link)
            add_key_result(objective, kr, position=position)
            okrs.record_check_in(key_result=kr, author=None, day=date(2023, 9, 1), confidence=5)


def test_okrs_cost_the_same_queries_for_more_departments_key_results_and_owners(as_role, today):
    today(date(2023, 9, 15))
    client = as_role("ae")
    _grow_okrs(1, 1)
    small = _okr_queries(client)
    _grow_okrs(5, 6)
    assert _okr_queries(client) == small
