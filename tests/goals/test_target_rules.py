"""RULES.md's target proposal and the effect of a change of targets, without a database."""

from datetime import date
from decimal import Decimal

from goals import target_rules
from goals.calendar import FiscalQuarter
from tests.goals.test_rules import AE, FY24_AE, METRICS, OUTBOUND, compute, fy24_targets, opp

KINDS = {code: metric.kind for code, metric in METRICS.items()}
SDR_FY24 = {"outbound": (12, 24), "inbound": (15, 20), "vc_bod": (15, 30)}


def grid(fiscal_quarter: int) -> dict:
    """FY24's targets of one quarter as a grid (seed 000), SDRs the same every quarter."""
    cells = {(code, "ae", ""): Decimal(value) for code, value in FY24_AE[fiscal_quarter].items()}
    for segment, (saos, meetings) in SDR_FY24.items():
        cells[("saos", "sdr", segment)] = Decimal(saos)
        cells[("new_business_meetings", "sdr", segment)] = Decimal(meetings)
        cells[("rolling_attainment", "sdr", segment)] = Decimal(100)
    return cells


def propose(quarter: FiscalQuarter, prior: dict, before_prior: dict | None = None) -> dict:
    return target_rules.propose_targets(quarter, prior, before_prior or {}, KINDS)


def test_fy24_q4_proposal_equals_rules_md():
    proposed = propose(FiscalQuarter(2024, 4), grid(3), grid(2))
    ae = {code: value for (code, role, _), value in proposed.items() if role == "ae"}
    assert ae == {
        "closed_won_acv": Decimal(1_000_000),
        "weighted_pipeline": Decimal(1_000_000),
        "new_logos_in_pipe": Decimal(32),
        "new_logos_closed": Decimal(12),
    }


def test_a_year_to_date_metric_steps_by_the_prior_step():
    proposed = propose(FiscalQuarter(2024, 3), grid(2), grid(1))
    # Q2 300,000 after Q1 50,000: a step of 250,000.
    assert proposed[("closed_won_acv", "ae", "")] == Decimal(550_000)


def test_after_q1_a_year_to_date_metric_steps_by_the_q1_target_itself():
    proposed = propose(FiscalQuarter(2024, 2), grid(1))
    assert proposed[("closed_won_acv", "ae", "")] == Decimal(100_000)
    assert proposed[("new_logos_in_pipe", "ae", "")] == Decimal(16)


def test_a_metric_new_in_the_prior_quarter_steps_by_its_whole_target():
    proposed = propose(FiscalQuarter(2024, 4), grid(3), grid(2))
    assert ("new_logos_closed", "ae", "") not in grid(2)
    assert proposed[("new_logos_closed", "ae", "")] == Decimal(12)


def test_a_point_in_time_metric_keeps_the_prior_target():
    proposed = propose(FiscalQuarter(2024, 3), grid(2), grid(1))
    assert proposed[("weighted_pipeline", "ae", "")] == Decimal(750_000)


def test_every_sdr_target_keeps_the_prior_target():
    proposed = propose(FiscalQuarter(2024, 4), grid(3), grid(2))
    sdr = {key: value for key, value in proposed.items() if key[1] == "sdr"}
    assert sdr == {key: value for key, value in grid(3).items() if key[1] == "sdr"}


def test_a_q1_proposes_the_previous_years_q1():
    prior, before = target_rules.proposal_sources(FiscalQuarter(2025, 1))
    assert (prior, before) == (FiscalQuarter(2024, 1), None)
    assert propose(FiscalQuarter(2025, 1), grid(1)) == grid(1)


def test_proposal_sources_step_from_the_two_quarters_before():
    assert target_rules.proposal_sources(FiscalQuarter(2024, 4)) == (
        FiscalQuarter(2024, 3),
        FiscalQuarter(2024, 2),
    )
    assert target_rules.proposal_sources(FiscalQuarter(2024, 2)) == (FiscalQuarter(2024, 1), None)


def test_no_prior_targets_propose_nothing():
    assert propose(FiscalQuarter(2024, 4), {}, grid(2)) == {}


def test_a_grid_replaces_only_its_quarters_role_targets():
    q3 = FiscalQuarter(2024, 3)
    book = target_rules.book_with_grid(fy24_targets(), q3, {("saos", "sdr", "outbound"): 5})
    assert book.target(OUTBOUND, q3, "saos") == 5
    assert book.target(AE, q3, "closed_won_acv") is None
    assert book.target(AE, FiscalQuarter(2024, 2), "closed_won_acv") == Decimal(300_000)


def test_lower_targets_clear_a_reps_coaching_flag():
    # Mid-Q3 with 100,000 closed and nothing else: below on three targets, flagged.
    owned = [opp(amount="100000.00", close=date(2023, 8, 10))]
    q3 = FiscalQuarter(2024, 3)
    before = compute([AE], owned=owned).values()
    lower = {key: Decimal(0) for key in grid(3) if key[1] == "ae"}
    book = target_rules.book_with_grid(fy24_targets(), q3, lower)
    after = compute([AE], owned=owned, targets=book).values()
    changes = target_rules.flag_changes(before, after, "target")
    assert [(c.person.id, c.flagged_before, c.flagged_after) for c in changes] == [
        (AE.id, True, False)
    ]
    assert target_rules.describe_effect(changes) == "1 rep changes flag (0 flagged, 1 cleared)"


def test_the_same_targets_change_no_flag():
    results = compute([AE, OUTBOUND]).values()
    assert target_rules.flag_changes(results, results, "pace") == []
    assert target_rules.describe_effect([]) == "no rep changes flag"


def test_an_override_for_one_person_changes_only_their_book():
    q3 = FiscalQuarter(2024, 3)
    book = target_rules.book_with_override(fy24_targets(), AE.id, q3, "closed_won_acv", Decimal(7))
    assert book.target(AE, q3, "closed_won_acv") == Decimal(7)
    removed = target_rules.book_with_override(book, AE.id, q3, "closed_won_acv", None)
    assert removed.target(AE, q3, "closed_won_acv") == Decimal(650_000)
