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
