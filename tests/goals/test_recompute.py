"""The recompute service: a day's snapshots from the one engine, replaced on every run.

Mid FY24-Q3 (2023-08-01 … 2023-10-31, 92 days): on 2023-09-15, day 46, half the quarter has
elapsed, so a year-to-date pace is Q2's target plus half of the step to Q3's.
"""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import CoachingStatus, RecomputeRun, Snapshot
from goals.recompute import RecomputeError, recompute_day, recompute_range
from tests.factories import MeetingFactory, OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = date(2023, 9, 15)


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(TODAY)


@pytest.fixture
def ae():
    ae = PersonFactory(role="ae")
    OpportunityFactory(
        owner=ae,
        account="Acme",
        stage="won",
        amount=Decimal("10000"),
        close_date=date(2023, 8, 3),
        sao_date=date(2023, 8, 1),
    )
    OpportunityFactory(
        owner=ae, account="Beta", type="expansion", stage="4", amount=Decimal("20000")
    )
    return ae


@pytest.fixture
def sdr():
    sdr = PersonFactory(role="sdr", sdr_segment="outbound")
    OpportunityFactory(owner=None, sourced_by=sdr, sao_date=date(2023, 8, 5))
    MeetingFactory(sdr=sdr, date=date(2023, 8, 10))
    return sdr


def stored(person, day=TODAY) -> dict[str, tuple]:
    rows = Snapshot.objects.filter(person=person, date=day)
    return {
        row.metric_id: (row.value, row.target, row.pace, row.attainment)
        for row in rows.order_by("metric_id")
    }


def all_rows() -> list[tuple]:
    return list(
        Snapshot.objects.order_by("person_id", "metric_id", "date").values_list(
            "person_id", "metric_id", "date", "value", "target", "pace", "attainment"
        )
    )


def test_ae_snapshot_holds_value_target_pace_and_attainment(ae):
    recompute_day(TODAY)
    assert stored(ae) == {
        "closed_won_acv": (Decimal(10000), Decimal(650000), Decimal(475000), Decimal("1.54")),
        "weighted_pipeline": (Decimal(10000), Decimal(1000000), Decimal(1000000), Decimal(1)),
        "new_logos_in_pipe": (Decimal(1), Decimal(24), Decimal(20), Decimal("4.17")),
        "new_logos_closed": (Decimal(1), Decimal(6), Decimal(3), Decimal("16.67")),
    }


def test_sdr_snapshot_holds_quarter_to_date_figures(sdr):
    recompute_day(TODAY)
    figures = stored(sdr)
    assert figures["saos"] == (Decimal(1), Decimal(12), Decimal(6), Decimal("8.33"))
    assert figures["new_business_meetings"] == (
        Decimal(1),
        Decimal(24),
        Decimal(12),
        Decimal("4.17"),
    )


def test_only_active_reps_get_snapshots(ae, sdr):
    PersonFactory(role="ae", is_active=False)
    PersonFactory(role="manager")
    result = recompute_day(TODAY)
    assert (result.people, result.rows) == (2, 7)
    assert set(Snapshot.objects.values_list("person_id", flat=True)) == {ae.id, sdr.id}


def test_running_a_day_twice_leaves_one_identical_set(ae, sdr):
    recompute_day(TODAY)
    first = all_rows()
    recompute_day(TODAY)
    assert all_rows() == first
    assert Snapshot.objects.count() == 7


def test_recompute_replaces_a_stale_row_of_the_day(ae):
    recompute_day(TODAY)
    Snapshot.objects.filter(metric_id="closed_won_acv").update(value=Decimal(1))
    recompute_day(TODAY)
    assert stored(ae)["closed_won_acv"][0] == Decimal(10000)


def test_live_day_records_the_point_in_time_metric(ae):
    recompute_day(TODAY)
    assert stored(ae)["weighted_pipeline"][0] == Decimal(10000)


def test_backfill_leaves_point_in_time_rows_of_past_days_as_they_were(ae):
    seen = Snapshot.objects.create(
        person=ae, metric_id="weighted_pipeline", date=date(2023, 9, 10), value=Decimal("123.00")
    )
    recompute_range(date(2023, 9, 10), date(2023, 9, 11))
    kept = Snapshot.objects.get(metric_id="weighted_pipeline", date=date(2023, 9, 10))
    assert (kept.id, kept.value, kept.target) == (seen.id, Decimal("123.00"), None)


def test_backfill_never_reconstructs_a_point_in_time_row(ae):
    recompute_range(date(2023, 9, 10), date(2023, 9, 11))
    assert not Snapshot.objects.filter(metric_id="weighted_pipeline").exists()


def test_backfill_computes_year_to_date_values_from_close_dates(ae):
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("5000"), close_date=date(2023, 9, 11))
    recompute_range(date(2023, 9, 10), date(2023, 9, 11))
    assert stored(ae, date(2023, 9, 10))["closed_won_acv"][0] == Decimal(10000)
    assert stored(ae, date(2023, 9, 11))["closed_won_acv"][0] == Decimal(15000)


def test_backfill_writes_every_day_of_the_range(ae):
    result = recompute_range(date(2023, 9, 1), date(2023, 9, 14))
    assert len(result.days) == 14
    days = set(Snapshot.objects.values_list("date", flat=True))
    assert days == {date(2023, 9, d) for d in range(1, 15)}


def test_a_day_in_the_future_is_refused(ae):
    with pytest.raises(RecomputeError, match="future"):
        recompute_day(date(2023, 9, 16))
    assert not Snapshot.objects.exists()


def test_a_run_is_recorded_with_people_and_rows(ae, sdr):
    result = recompute_day(TODAY, trigger="nightly")
    run = RecomputeRun.objects.get(id=result.run_id)
    assert (run.status, run.trigger, run.people, run.rows) == ("succeeded", "nightly", 2, 7)
    assert (run.first_day, run.last_day) == (TODAY, TODAY)
    assert run.finished_at is not None


def test_a_run_left_running_by_a_dead_process_is_marked_abandoned(ae):
    dead = RecomputeRun.objects.create(first_day=TODAY, last_day=TODAY)
    recompute_day(TODAY)
    dead.refresh_from_db()
    assert dead.status == "abandoned"


def test_coaching_status_is_stored_for_the_day_on_both_bases(ae):
    recompute_day(TODAY)
    status = CoachingStatus.objects.get(person=ae, date=TODAY)
    # Below target on all four metrics; on pace nowhere (10,000 < 475,000 …).
    assert (status.on_target, status.on_pace) == (True, True)


def test_snapshots_are_the_engine_figures_to_four_places_for_a_bigger_team():
    from decimal import ROUND_HALF_UP

    from goals.calendar import FiscalQuarter
    from goals.selectors import quarter_results
    from tests.goals.test_selectors import build_org

    people = build_org(12)
    recompute_day(TODAY)
    for result in quarter_results(people, FiscalQuarter(2024, 3), TODAY):
        for figure in result.figures:
            row = Snapshot.objects.get(person_id=result.person.id, metric_id=figure.metric)
            expected = figure.value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            assert row.value == expected


def test_recompute_reads_do_not_grow_with_the_team():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.goals.test_selectors import build_org

    # Inserts are batched (SQLite caps a batch by its parameter limit); reads must be fixed.
    def reads() -> int:
        with CaptureQueriesContext(connection) as context:
            recompute_day(TODAY)
        return sum(q["sql"].lstrip().upper().startswith("SELECT") for q in context.captured_queries)

    build_org(3)
    small = reads()
    build_org(90)
    assert reads() == small


def test_nightly_recompute_records_todays_linked_key_results(today):
    from okrs.models import KeyResultSnapshot, TargetAccount
    from tests.factories import KeyResultFactory, OpportunityFactory

    today(date(2021, 9, 15))
    TargetAccount.objects.create(name="Globex", key="globex", employee_count=12_000)
    kr = KeyResultFactory(fiscal_year=2022, quarter=3, link="target_account_saos")
    OpportunityFactory(account="Globex", sao_date=date(2021, 8, 5))
    recompute_day(date(2021, 9, 14))  # a past day: point-in-time rows are not reconstructed
    assert not KeyResultSnapshot.objects.exists()
    recompute_day(date(2021, 9, 15))
    assert list(KeyResultSnapshot.objects.values_list("key_result_id", "date", "value")) == [
        (kr.id, date(2021, 9, 15), Decimal(1))
    ]
