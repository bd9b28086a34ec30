"""The SDR view, the admin overview and the leaderboard."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import RecomputeRun
from tests.factories import (
    MeetingFactory,
    OpportunityFactory,
    PersonFactory,
    UserFactory,
    login_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


def login_admin(client):
    admin = PersonFactory(role="admin")
    login_person(client, admin)
    return admin


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def add_sdr(manager, segment="outbound", saos=0, meetings=0):
    sdr = PersonFactory(role="sdr", sdr_segment=segment, manager=manager)
    for _ in range(saos):
        OpportunityFactory(sourced_by=sdr, sao_date=date(2023, 8, 5))
    for _ in range(meetings):
        MeetingFactory(sdr=sdr)
    return sdr


# --- SDR view -------------------------------------------------------------------------------


def test_sdr_view_totals_saos_per_segment_against_the_sum_of_targets(client):
    manager = PersonFactory(role="manager")
    add_sdr(manager, "outbound", saos=3)
    add_sdr(manager, "outbound", saos=6)
    add_sdr(manager, "inbound", saos=15)
    login_person(client, manager)
    totals = client.get("/sdrs/").context["overview"].totals
    saos = {seg: next(t for t in ts if t.metric == "saos") for seg, ts in totals.items()}
    # Outbound: 9 of 2 × 12; inbound: 15 of 15
    assert (saos["outbound"].value, saos["outbound"].target) == (Decimal(9), Decimal(24))
    assert saos["inbound"].attainment == Decimal(100)


def test_sdr_view_draws_a_monthly_rolling_chart_per_sdr(client):
    manager = PersonFactory(role="manager")
    sdr = add_sdr(manager, saos=2)
    login_person(client, manager)
    figures = client.get("/sdrs/").context["figures_json"]
    # Two SAOs in August against 4 a month: 50%.
    assert figures[f"rolling-{sdr.id}"]["data"][0]["y"][-1] == 50.0
    assert "segments" in figures


def test_sdr_view_queries_do_not_grow_with_the_sdrs(client):
    small, large = PersonFactory(role="manager"), PersonFactory(role="manager")
    for _ in range(5):
        add_sdr(small, saos=1, meetings=1)
    for _ in range(50):
        add_sdr(large, saos=1, meetings=1)
    login_person(client, small)
    count = _queries(client, "/sdrs/")
    client.logout()
    login_person(client, large)
    assert _queries(client, "/sdrs/") == count


# --- admin overview -------------------------------------------------------------------------


def test_overview_lists_unowned_opportunities_and_people_without_manager(client):
    login_admin(client)
    OpportunityFactory(owner=None, owner_name="Unknown Seller", name="Orphan deal")
    PersonFactory(role="ae", name="No Boss")
    page = client.get("/overview/").content.decode()
    assert "Unknown Seller: 1 deal" in page and "No Boss" in page
    assert 'data-testid="count-unowned">1<' in page


def test_overview_lists_reps_without_targets(client):
    login_admin(client)
    PersonFactory(role="ae", name="Q4 Rep")
    # FY24-Q4 AE targets are set by an admin at the start of the quarter: none yet.
    page = client.get("/overview/?quarter=FY24-Q4").content.decode()
    assert 'data-testid="count-without-targets">1<' in page and "Q4 Rep" in page


def test_overview_shows_the_last_recompute(client):
    login_admin(client)
    run = RecomputeRun.objects.create(
        first_day=date(2023, 9, 14), last_day=date(2023, 9, 14), status="succeeded"
    )
    RecomputeRun.objects.filter(pk=run.pk).update(
        finished_at=datetime(2023, 9, 14, 2, 5, tzinfo=UTC)
    )
    page = client.get("/overview/").content.decode()
    assert "<dt>Last recompute</dt><dd>2023-09-14 02:05</dd>" in page


def test_overview_is_only_for_admins(client):
    login_person(client, PersonFactory(role="manager"))
    assert client.get("/overview/").status_code == 404


def test_overview_queries_do_not_grow_with_the_data(client):
    login_admin(client)
    OpportunityFactory(owner=None)
    PersonFactory(role="ae")
    count = _queries(client, "/overview/")
    for _ in range(30):
        OpportunityFactory(owner=None)
        PersonFactory(role="ae")
    assert _queries(client, "/overview/") == count


# --- leaderboard ----------------------------------------------------------------------------


def test_leaderboard_ranks_aes_by_closed_won_attainment(client):
    login_person(client, PersonFactory(role="manager"))
    for name, won in (("Second", "100000"), ("First", "300000")):
        ae = PersonFactory(role="ae", name=name)
        OpportunityFactory(owner=ae, stage="won", amount=Decimal(won), close_date=date(2023, 8, 2))
    boards = client.get("/leaderboard/").context["boards"]
    assert [r.person.name for r in boards["ae"]] == ["First", "Second"]


def test_leaderboard_is_closed_to_reps_by_default(client):
    login_person(client, PersonFactory(role="ae"))
    assert client.get("/leaderboard/").status_code == 403


def test_leaderboard_opens_to_the_roles_the_setting_lists(client, settings):
    settings.LEADERBOARD_ROLES = ["ae", "manager", "admin"]
    login_person(client, PersonFactory(role="ae"))
    assert client.get("/leaderboard/").status_code == 200


def test_leaderboard_queries_do_not_grow_with_the_reps(client):
    user = UserFactory()
    client.force_login(user)
    PersonFactory(role="manager", user=user)
    add_sdr(None, saos=1)
    PersonFactory(role="ae")
    count = _queries(client, "/leaderboard/")
    for _ in range(30):
        add_sdr(None, saos=1)
        OpportunityFactory(owner=PersonFactory(role="ae"), stage="won")
    assert _queries(client, "/leaderboard/") == count
