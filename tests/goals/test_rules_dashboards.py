"""Engine functions the dashboards call: the rows behind a figure, the months behind rolling
attainment, team totals, the leaderboard and reps without targets. No database."""

from datetime import date
from decimal import Decimal

from goals import rules
from goals.calendar import FiscalQuarter
from tests.goals.test_rules import (
    AE,
    METRICS,
    MID_Q3,
    OUTBOUND,
    Q3,
    WEIGHTS,
    compute,
    fy24_targets,
    meeting,
    opp,
)


def counted(owned, live=True):
    frame = rules.opportunity_frame(owned)
    return rules.ae_counted_rows(frame, Q3, MID_Q3, WEIGHTS, live=live)


def test_closed_won_rows_are_the_won_deals_closed_this_fiscal_year():
    this_year = opp(stage="won", amount="40000", close=date(2023, 3, 1))
    last_year = opp(stage="won", amount="99000", close=date(2023, 1, 15))
    after_d = opp(stage="won", amount="5000", close=date(2023, 9, 20))
    rows = counted([this_year, last_year, after_d])["closed_won_acv"]
    assert [row.id for row in rows] == [this_year[0]]
    assert rows[0].amount == Decimal("40000")


def test_pipeline_rows_carry_stage_weight_and_weighted_amount():
    stage4 = opp(stage="4", amount="120000.50", close=date(2023, 12, 1))
    lost = opp(stage="lost", amount="50000")
    rows = counted([stage4, lost])["weighted_pipeline"]
    assert len(rows) == 1
    assert rows[0].weight == Decimal("0.50")
    assert rows[0].weighted_amount == Decimal("60000.25")


def test_counted_pipeline_adds_up_to_the_engine_figure():
    owned = [
        opp(stage="2", amount="10000"),
        opp(stage="5", amount="33333.33"),
        opp(stage="6", amount="7000"),
    ]
    rows = counted(owned)["weighted_pipeline"]
    figure = compute([AE], owned=owned)[AE.id].figure("weighted_pipeline")
    # 10,000 × 10% + 33,333.33 × 75% + 7,000 × 90% = 1,000 + 24,999.9975 + 6,300
    assert sum(row.weighted_amount for row in rows) == figure.value == Decimal("32299.9975")


def test_counted_rows_are_listed_by_date_then_id_and_read_in_stretches():
    late = opp(stage="3", close=date(2023, 12, 1))
    early = opp(stage="3", close=date(2023, 9, 1))
    same_day = [opp(stage="2", close=date(2023, 10, 1)) for _ in range(3)]
    rows = counted([late, *same_day, early])["weighted_pipeline"]
    order = [early[0], *(o[0] for o in same_day), late[0]]
    assert len(rows) == 5 and [row.id for row in rows] == order
    assert [row.id for row in rows[1:3]] == order[1:3] and rows[4].id == late[0]


def test_largest_pipeline_rows_rank_by_weighted_amount_with_ties_in_date_order():
    big_early_stage = opp(stage="1", amount="900000")  # weight 0%: weighs nothing
    tie_late = opp(stage="4", amount="1000", close=date(2023, 10, 2))
    tie_early = opp(stage="4", amount="1000", close=date(2023, 10, 1))
    largest = opp(stage="6", amount="5000")
    rows = counted([big_early_stage, tie_late, tie_early, largest])["weighted_pipeline"]
    assert [row.id for row in rows.largest(3)] == [largest[0], tie_early[0], tie_late[0]]


def test_new_logo_rows_are_new_business_accepted_this_year():
    accepted = opp(stage="3", sao=date(2023, 7, 1), account="Acme")
    expansion = opp(stage="3", sao=date(2023, 7, 1), account="Beta", new_business=False)
    rows = counted([accepted, expansion])["new_logos_in_pipe"]
    assert [(row.account, row.on) for row in rows] == [("Acme", date(2023, 7, 1))]


def test_an_earlier_day_has_no_pipeline_rows_because_it_comes_from_a_snapshot():
    rows = counted([opp(stage="4")], live=False)
    assert "weighted_pipeline" not in rows and "closed_won_acv" in rows


def test_sdr_rows_are_the_quarters_saos_and_the_counted_meetings():
    in_q = opp(owner=AE.id, sourced_by=OUTBOUND.id, stage="2", sao=date(2023, 8, 20))
    before = opp(owner=AE.id, sourced_by=OUTBOUND.id, stage="2", sao=date(2023, 7, 20))
    held = meeting(OUTBOUND)
    no_show = meeting(OUTBOUND, took_place=False)
    discovery = meeting(OUTBOUND, kind="Discovery Call")
    ids = rules.sdr_counted_rows(
        OUTBOUND,
        rules.opportunity_frame([in_q, before]),
        rules.meeting_frame([held, no_show, discovery]),
        Q3,
        MID_Q3,
    )
    assert ids == {"saos": [in_q[0]], "new_business_meetings": [held[0]]}


def test_monthly_attainment_lists_the_six_months_before_d():
    # Outbound: 12 SAOs a quarter, so 4 a month is 100%; 2 in August is 50%.
    sourced = [opp(sourced_by=OUTBOUND.id, sao=date(2023, 8, d)) for d in (3, 9)]
    sourced += [opp(sourced_by=OUTBOUND.id, sao=date(2023, 7, d)) for d in (1, 2, 3, 4, 5, 6)]
    saos = rules.sao_counts(rules.opportunity_frame(sourced)).of(OUTBOUND.id)
    months = rules.monthly_sao_attainment(OUTBOUND, saos, MID_Q3, fy24_targets())
    assert [m.month for m in months] == [date(2023, m, 1) for m in (3, 4, 5, 6, 7, 8)]
    assert [m.attainment for m in months[-2:]] == [Decimal(150), Decimal(50)]
    # (0 + 0 + 0 + 0 + 150 + 50) / 6 = 33.33…%
    rolling = rules.rolling_attainment(OUTBOUND, saos, MID_Q3, fy24_targets())
    assert rolling == sum((m.attainment for m in months), Decimal(0)) / 6


def test_team_total_sums_values_and_targets_of_members_with_both():
    first = opp(owner=1, stage="won", amount="100000")
    second_ae = rules.PersonFacts(id=9, email="b@example.com", name="B", role="ae")
    second = opp(owner=9, stage="won", amount="300000")
    results = compute([AE, second_ae], owned=[first, second]).values()
    totals = {t.metric: t for t in rules.team_totals(results, METRICS)}
    assert totals["closed_won_acv"].value == Decimal(400000)
    assert totals["closed_won_acv"].target == Decimal(1300000)
    # 400,000 / 1,300,000 = 30.769…%
    assert round(totals["closed_won_acv"].attainment, 2) == Decimal("30.77")


def test_team_totals_leave_out_rolling_attainment_which_does_not_add_up():
    results = compute([OUTBOUND]).values()
    codes = {t.metric for t in rules.team_totals(results, METRICS)}
    assert "rolling_attainment" not in codes and "saos" in codes


def test_leaderboard_ranks_aes_by_closed_won_attainment():
    low = rules.PersonFacts(id=21, email="l@example.com", name="Low", role="ae")
    high = rules.PersonFacts(id=22, email="h@example.com", name="High", role="ae")
    owned = [opp(owner=21, amount="1000"), opp(owner=22, amount="9000")]
    results = compute([low, high, OUTBOUND], owned=owned).values()
    assert [r.person.name for r in rules.leaderboard(results, "ae")] == ["High", "Low"]


def test_reps_without_any_target_for_the_quarter_are_listed():
    q4 = FiscalQuarter(2024, 4)  # FY24-Q4 AE targets are not set yet (seed 000)
    missing = rules.people_without_targets([AE, OUTBOUND], q4, fy24_targets())
    assert missing == [AE]


def test_sdr_rows_are_listed_by_date_then_id():
    late = opp(owner=AE.id, sourced_by=OUTBOUND.id, stage="2", sao=date(2023, 9, 1))
    early = opp(owner=AE.id, sourced_by=OUTBOUND.id, stage="2", sao=date(2023, 8, 3))
    same_day = opp(owner=AE.id, sourced_by=OUTBOUND.id, stage="3", sao=date(2023, 8, 3))
    late_meeting = meeting(OUTBOUND, day=date(2023, 9, 2))
    early_meeting = meeting(OUTBOUND, day=date(2023, 8, 2))
    ids = rules.sdr_counted_rows(
        OUTBOUND,
        rules.opportunity_frame([late, same_day, early]),
        rules.meeting_frame([late_meeting, early_meeting]),
        Q3,
        MID_Q3,
    )
    assert ids == {
        "saos": [early[0], same_day[0], late[0]],
        "new_business_meetings": [early_meeting[0], late_meeting[0]],
    }


def test_frames_read_dates_and_iso_strings_alike():
    # PostgreSQL hands over dates, SQLite through a raw cursor ISO strings.
    as_dates = opp(close=date(2023, 8, 10), sao=None)
    as_text = (*as_dates[:7], "2023-08-10", None)
    frames = [rules.opportunity_frame([row]) for row in (as_dates, as_text)]
    for frame in frames:
        assert frame.loc[0, "close_date"].date() == date(2023, 8, 10)
        assert frame["sao_date"].isna().all()
    assert compute([AE], owned=[as_dates]) == compute([AE], owned=[as_text])
