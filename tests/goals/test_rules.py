"""The rules of RULES.md, computed by hand from the seeds and checked against the engine.

No database: the engine takes plain data.
"""

from datetime import date
from decimal import Decimal

import pytest

from goals import rules
from goals.calendar import FiscalQuarter

Q3 = FiscalQuarter(2024, 3)  # 2023-08-01 .. 2023-10-31, 92 days
MID_Q3 = date(2023, 9, 15)  # day 46 of 92: elapsed exactly 1/2
WEIGHTS = {
    "1": Decimal("0"),
    "2": Decimal("0.10"),
    "3": Decimal("0.20"),
    "4": Decimal("0.50"),
    "5": Decimal("0.75"),
    "6": Decimal("0.90"),
}
METRICS = {
    "closed_won_acv": rules.MetricDef(
        "closed_won_acv", "YTD Closed Won ACV", "currency", "ytd", "ae"
    ),
    "weighted_pipeline": rules.MetricDef(
        "weighted_pipeline", "Weighted", "currency", "point", "ae"
    ),
    "new_logos_in_pipe": rules.MetricDef(
        "new_logos_in_pipe", "Logos in pipe", "count", "ytd", "ae"
    ),
    "new_logos_closed": rules.MetricDef("new_logos_closed", "Logos closed", "count", "ytd", "ae"),
    "saos": rules.MetricDef("saos", "SAOs", "count", "qtd", "sdr"),
    "new_business_meetings": rules.MetricDef("new_business_meetings", "NBM", "count", "qtd", "sdr"),
    "rolling_attainment": rules.MetricDef(
        "rolling_attainment", "Rolling", "percent", "rolling", "sdr"
    ),
}
FY24_AE = {
    1: {"closed_won_acv": 50000, "weighted_pipeline": 200000, "new_logos_in_pipe": 8},
    2: {"closed_won_acv": 300000, "weighted_pipeline": 750000, "new_logos_in_pipe": 16},
    3: {
        "closed_won_acv": 650000,
        "weighted_pipeline": 1000000,
        "new_logos_in_pipe": 24,
        "new_logos_closed": 6,
    },
}
SDR_TARGETS = {"outbound": (12, 24), "inbound": (15, 20), "vc_bod": (15, 30)}

AE = rules.PersonFacts(id=1, email="ae@example.com", name="AE", role="ae")
OUTBOUND = rules.PersonFacts(2, "ob@example.com", "OB", "sdr", "outbound", date(2020, 1, 1))
VC_BOD = rules.PersonFacts(3, "vc@example.com", "VC", "sdr", "vc_bod", date(2020, 1, 1))


def fy24_targets() -> rules.TargetBook:
    by_role = {}
    for quarter, metrics in FY24_AE.items():
        for code, value in metrics.items():
            by_role[(2024, quarter, code, "ae", "")] = Decimal(value)
    for quarter in (1, 2, 3, 4):
        for segment, (saos, meetings) in SDR_TARGETS.items():
            by_role[(2024, quarter, "saos", "sdr", segment)] = Decimal(saos)
            by_role[(2024, quarter, "new_business_meetings", "sdr", segment)] = Decimal(meetings)
            by_role[(2024, quarter, "rolling_attainment", "sdr", segment)] = Decimal(100)
    return rules.TargetBook(by_role=by_role)


_ids = iter(range(1, 10_000))


def opp(
    owner=AE.id,
    stage="won",
    amount="1000.00",
    close=date(2023, 8, 10),
    sao=None,
    account=None,
    new_business=True,
    sourced_by=None,
):
    cents = int(Decimal(amount) * 100)
    oid = next(_ids)
    return (
        oid,
        owner,
        sourced_by,
        account or f"Account {oid}",
        new_business,
        stage,
        cents,
        close,
        sao,
    )


def meeting(sdr, day=date(2023, 8, 10), kind="New Business Meeting", took_place=True):
    return (next(_ids), sdr.id, day, kind, took_place)


def compute(
    people,
    owned=(),
    sourced=(),
    meetings=(),
    as_of=MID_Q3,
    quarter=Q3,
    live=True,
    targets=None,
    recorded=None,
):
    inputs = rules.EngineInputs(
        people=tuple(people),
        metrics=METRICS,
        ae_totals=rules.ae_totals(rules.opportunity_frame(owned), quarter, as_of),
        saos=rules.sao_counts(rules.opportunity_frame(sourced)),
        meetings=rules.meeting_frame(meetings),
        stage_weights=WEIGHTS,
        targets=targets or fy24_targets(),
        recorded_pipeline=recorded or {},
    )
    return {r.person.id: r for r in rules.compute_quarter(inputs, quarter, as_of, live=live)}


def figure(result, code):
    return result.figure(code)


# --- AE metrics --------------------------------------------------------------------------


def test_closed_won_counts_this_fiscal_year_up_to_d():
    owned = [
        opp(amount="100.10", close=date(2023, 2, 1)),  # first day of FY24: counts
        opp(amount="200.20", close=MID_Q3),  # D itself: counts
        opp(amount="400.00", close=date(2023, 1, 31)),  # FY23: never
        opp(amount="800.00", close=date(2023, 9, 16)),  # after D
        opp(amount="1600.00", stage="lost", close=date(2023, 8, 1)),
    ]
    value = figure(compute([AE], owned)[AE.id], "closed_won_acv").value
    assert value == Decimal("300.30")


def test_weighted_pipeline_uses_stage_weights_of_seed_000():
    owned = [opp(stage=str(s), amount="1000") for s in range(1, 7)]
    owned.append(opp(stage="won", amount="99999"))
    # 1000 × (0 + .10 + .20 + .50 + .75 + .90) = 2450
    assert figure(compute([AE], owned)[AE.id], "weighted_pipeline").value == Decimal("2450")


def test_weighted_pipeline_is_exact_to_the_cent():
    owned = [opp(stage="2", amount="0.10"), opp(stage="5", amount="1234.57")]
    # 0.01 + 925.9275
    assert figure(compute([AE], owned)[AE.id], "weighted_pipeline").value == Decimal("925.9375")


def test_new_logos_count_distinct_accounts():
    owned = [
        opp(stage="2", sao=date(2023, 3, 1), account="Acme"),
        opp(stage="lost", sao=date(2023, 4, 1), account="Acme"),
        opp(stage="won", sao=date(2023, 4, 1), account="Globex"),
        opp(stage="3", sao=date(2023, 4, 1), account="Initech", new_business=False),
        opp(stage="3", sao=date(2023, 1, 31), account="Hooli"),  # accepted in FY23
        opp(stage="3", sao=None, account="Stark"),  # never an SAO
    ]
    result = compute([AE], owned)[AE.id]
    assert figure(result, "new_logos_in_pipe").value == 2


def test_new_logos_closed_counts_won_new_business_accounts_once():
    owned = [
        opp(account="Acme", close=date(2023, 3, 1)),
        opp(account="Acme", close=date(2023, 9, 1)),
        opp(account="Globex", close=date(2023, 9, 1), new_business=False),
        opp(account="Initech", stage="lost", close=date(2023, 9, 1)),
    ]
    assert figure(compute([AE], owned)[AE.id], "new_logos_closed").value == 1


def test_an_ae_with_no_opportunities_has_zeros_not_gaps():
    result = compute([AE])[AE.id]
    assert [f.value for f in result.figures] == [0, 0, 0, 0]


# --- pace -----------------------------------------------------------------------------------


def test_year_to_date_pace_starts_from_the_previous_quarter_target():
    result = compute([AE])[AE.id]
    # Q2 300,000 + (650,000 − 300,000) × 46/92
    assert figure(result, "closed_won_acv").pace == Decimal("475000")
    # 16 + (24 − 16) × 1/2
    assert figure(result, "new_logos_in_pipe").pace == Decimal("20")


def test_year_to_date_pace_starts_from_zero_in_q1():
    q1 = FiscalQuarter(2024, 1)  # 89 days
    result = compute([AE], quarter=q1, as_of=date(2023, 2, 10))[AE.id]
    assert round(figure(result, "closed_won_acv").pace, 6) == Decimal(
        "5617.977528"
    )  # 50,000 × 10/89


def test_year_to_date_pace_treats_a_missing_previous_target_as_zero():
    # new_logos_closed has no Q2 target: pace runs from 0 to 6.
    assert figure(compute([AE])[AE.id], "new_logos_closed").pace == Decimal(3)


def test_point_in_time_pace_is_the_target():
    assert figure(compute([AE])[AE.id], "weighted_pipeline").pace == Decimal(1000000)


def test_quarter_to_date_pace_is_target_times_elapsed():
    result = compute([OUTBOUND])[OUTBOUND.id]
    assert figure(result, "saos").pace == Decimal(6)
    assert figure(result, "new_business_meetings").pace == Decimal(12)


def test_rolling_pace_is_the_target():
    assert figure(compute([OUTBOUND])[OUTBOUND.id], "rolling_attainment").pace == 100


# --- SDR metrics ----------------------------------------------------------------------------


def test_saos_count_this_quarter_up_to_d():
    sourced = [
        opp(owner=None, sourced_by=OUTBOUND.id, sao=date(2023, 8, 1)),
        opp(owner=None, sourced_by=OUTBOUND.id, sao=MID_Q3),
        opp(owner=None, sourced_by=OUTBOUND.id, sao=date(2023, 7, 31)),
        opp(owner=None, sourced_by=OUTBOUND.id, sao=date(2023, 9, 16)),
    ]
    assert figure(compute([OUTBOUND], sourced=sourced)[OUTBOUND.id], "saos").value == 2


def test_outbound_meetings_count_new_business_meetings_that_took_place():
    meetings = [
        meeting(OUTBOUND),
        meeting(OUTBOUND, kind="new business meeting "),
        meeting(OUTBOUND, took_place=False),  # no show
        meeting(OUTBOUND, kind="EBC"),
        meeting(OUTBOUND, day=date(2023, 7, 31)),
    ]
    result = compute([OUTBOUND], meetings=meetings)[OUTBOUND.id]
    assert figure(result, "new_business_meetings").value == 2


def test_vc_bod_lead_counts_ebcs_and_referrals_combined():
    meetings = [
        meeting(VC_BOD, kind="EBC"),
        meeting(VC_BOD, kind="Referral"),
        meeting(VC_BOD, kind="New Business Meeting"),
    ]
    result = compute([VC_BOD], meetings=meetings)[VC_BOD.id]
    assert figure(result, "new_business_meetings").value == 2
    assert figure(result, "new_business_meetings").target == 30


def test_rolling_attainment_averages_six_complete_months():
    # As of 2023-09-15: months Mar–Aug 2023, all FY24 with 12 SAOs a quarter (4 a month).
    sourced = [
        opp(owner=None, sourced_by=OUTBOUND.id, sao=date(2023, m, 5))
        for m in (3, 4, 5, 6, 7, 8)
        for _ in range(4 if m != 8 else 2)
    ]
    # Five months at 100%, August at 50%: mean 91.666…%
    value = figure(compute([OUTBOUND], sourced=sourced)[OUTBOUND.id], "rolling_attainment").value
    assert value == (Decimal(5) + Decimal("0.5")) / 6 * 100


def test_rolling_attainment_leaves_out_months_before_the_start_date():
    starter = rules.PersonFacts(4, "new@example.com", "New", "sdr", "outbound", date(2023, 6, 2))
    # June began before the start date: only July and August count.
    sourced = (
        [opp(owner=None, sourced_by=starter.id, sao=date(2023, 6, 20))] * 1
        + [opp(owner=None, sourced_by=starter.id, sao=date(2023, 7, 3)) for _ in range(2)]
        + [opp(owner=None, sourced_by=starter.id, sao=date(2023, 8, 3)) for _ in range(6)]
    )
    value = figure(compute([starter], sourced=sourced)[starter.id], "rolling_attainment").value
    # July 2 ÷ 4 = 50%, August 6 ÷ 4 = 150%: mean 100%
    assert value == Decimal(100)


def test_rolling_attainment_has_no_value_without_a_month():
    starter = rules.PersonFacts(5, "new2@example.com", "New", "sdr", "outbound", date(2023, 8, 20))
    result = compute([starter])[starter.id]
    assert figure(result, "rolling_attainment").value is None
    assert not figure(result, "rolling_attainment").below


# --- targets, attainment and the coaching flag ----------------------------------------------


def test_no_target_means_no_attainment_and_no_miss():
    q2 = FiscalQuarter(2024, 2)
    result = compute([AE], quarter=q2, as_of=date(2023, 6, 1))[AE.id]
    logos_closed = figure(result, "new_logos_closed")
    assert logos_closed.target is None and logos_closed.attainment is None
    assert logos_closed.pace is None and not logos_closed.below


def test_a_personal_override_wins_over_the_role_target():
    targets = rules.TargetBook(
        by_role=fy24_targets().by_role,
        overrides={(AE.id, 2024, 3, "closed_won_acv"): Decimal(325000)},
    )
    owned = [opp(amount="325000", close=date(2023, 8, 2))]
    result = compute([AE], owned, targets=targets)[AE.id]
    assert figure(result, "closed_won_acv").attainment == 100


def test_attainment_is_value_over_target():
    owned = [opp(amount="162500", close=date(2023, 8, 2))]
    assert figure(compute([AE], owned)[AE.id], "closed_won_acv").attainment == 25


def _ae_with_misses(count: int):
    """An AE below target on exactly ``count`` of the four Q3 metrics."""
    owned = []
    if count < 1:
        owned.append(opp(amount="650000", close=date(2023, 8, 2), account="Big"))
    if count < 2:
        owned.append(opp(stage="6", amount="1200000", account="Pipe"))
    if count < 3:
        owned += [opp(stage="1", amount="1", sao=date(2023, 3, 1)) for _ in range(24)]
    if count < 4:
        owned += [opp(amount="1", close=date(2023, 3, 1)) for _ in range(6)]
    return compute([AE], owned)[AE.id]


@pytest.mark.parametrize(("misses", "flag"), [(0, False), (1, False), (2, True), (4, True)])
def test_coaching_flag_needs_two_misses_on_target_basis(misses, flag):
    result = _ae_with_misses(misses)
    assert result.misses_on_target == misses
    assert result.coaching("target") is flag


def test_coaching_flag_on_pace_basis_counts_metrics_behind_pace():
    # Mid-Q3 pace: 475,000 closed won, 20 logos in pipe, 3 logos closed, 1,000,000 weighted.
    owned = [
        opp(
            amount="480000", close=date(2023, 8, 2), account="Big", new_business=False
        ),  # ahead of pace
        opp(stage="6", amount="1200000", account="Pipe", new_business=False),  # at target
        *[opp(stage="1", amount="1", sao=date(2023, 3, 1)) for _ in range(19)],  # behind
        *[opp(amount="1", close=date(2023, 3, 1)) for _ in range(2)],  # behind
    ]
    result = compute([AE], owned)[AE.id]
    assert result.misses_on_pace == 2 and result.coaching("pace")
    # On the target basis it is below on closed won, logos in pipe and logos closed.
    assert result.misses_on_target == 3


def test_exactly_one_miss_on_pace_raises_no_flag():
    owned = [
        opp(amount="480000", close=date(2023, 8, 2), account="Big", new_business=False),
        opp(stage="6", amount="1200000", account="Pipe"),
        *[opp(stage="1", amount="1", sao=date(2023, 3, 1)) for _ in range(20)],
        *[opp(amount="1", close=date(2023, 3, 1)) for _ in range(2)],
    ]
    result = compute([AE], owned)[AE.id]
    assert result.misses_on_pace == 1 and not result.coaching("pace")


# --- point in time and look-ahead --------------------------------------------------------


def test_past_day_reads_the_recorded_weighted_pipeline():
    owned = [opp(stage="6", amount="1000")]
    result = compute([AE], owned, live=False, recorded={AE.id: Decimal("4321.00")})[AE.id]
    assert figure(result, "weighted_pipeline").value == Decimal("4321.00")
    assert result.look_ahead is None


def test_past_day_without_a_record_has_no_weighted_pipeline():
    result = compute([AE], [opp(stage="6", amount="1000")], live=False)[AE.id]
    assert figure(result, "weighted_pipeline").value is None


def test_projection_adds_weighted_deals_closing_by_quarter_end():
    owned = [
        opp(amount="100000", close=date(2023, 8, 2)),
        opp(stage="4", amount="200000", close=date(2023, 10, 31)),
        opp(stage="4", amount="400000", close=date(2023, 11, 1)),  # after quarter end
    ]
    ahead = compute([AE], owned)[AE.id].look_ahead
    assert ahead.projected_closed_won == Decimal(200000)
    # open 200,000 ÷ (650,000 − 100,000)
    assert ahead.pipeline_coverage == Decimal(200000) / Decimal(550000)


def test_coverage_is_covered_once_the_target_is_reached():
    ahead = compute([AE], [opp(amount="700000", close=date(2023, 8, 2))])[AE.id].look_ahead
    assert ahead.covered and ahead.pipeline_coverage is None


def test_owner_totals_give_the_figures_of_their_rows():
    # A selector may hand the engine each AE's totals summed by the database instead of rows
    # (goals.selectors.quarter_inputs): per stage sums and distinct accounts carry everything
    # the figures need.
    owned = [
        opp(amount="100.01", close=date(2023, 8, 2), account="Acme"),
        opp(amount="0.99", close=date(2023, 1, 31), account="Old"),  # FY23: not counted
        opp(
            stage="4",
            amount="200.05",
            close=date(2023, 10, 31),
            sao=date(2023, 3, 1),
            account="Acme",
        ),
        opp(stage="6", amount="400.00", close=date(2023, 11, 1), new_business=False),
        opp(
            stage="2", amount="33.33", close=date(2023, 9, 1), sao=date(2023, 9, 16), account="Beta"
        ),
        opp(stage="lost", amount="50.00", sao=date(2023, 4, 4), account="Gamma"),
    ]
    frame = rules.opportunity_frame(owned)
    totals = rules.ae_totals(frame, Q3, MID_Q3)
    inputs = rules.EngineInputs(
        people=(AE,),
        metrics=METRICS,
        ae_totals=totals,
        saos=rules.SaoCounts(),
        meetings=rules.meeting_frame([]),
        stage_weights=WEIGHTS,
        targets=fy24_targets(),
    )
    summed = rules.compute_quarter(inputs, Q3, MID_Q3, live=True)[0]
    assert summed == compute([AE], owned)[AE.id]
    values = {f.metric: f.value for f in summed.figures}
    assert values == {
        "closed_won_acv": Decimal("100.01"),
        # 200.05 × 50% + 400 × 90% + 33.33 × 10%
        "weighted_pipeline": Decimal("100.025") + Decimal(360) + Decimal("3.333"),
        "new_logos_in_pipe": 2,  # Acme (accepted in March), Gamma (lost, but accepted)
        "new_logos_closed": 1,  # Acme
    }
    assert summed.look_ahead.projected_closed_won == Decimal("100.01") + Decimal("103.358")


def test_managers_have_no_figures():
    manager = rules.PersonFacts(9, "m@example.com", "M", "manager")
    assert compute([manager]) == {}
