"""API lists cost the same number of queries for a small and a large team."""

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
    from datetime import date

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
    from datetime import date

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
