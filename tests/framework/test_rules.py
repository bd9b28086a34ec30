"""RULES.md "Career framework ratings", checked by hand against ``framework.rules``."""

from decimal import Decimal

import pytest

from framework import rules


@pytest.mark.parametrize(
    ("attainment", "band"),
    [
        ("39.99", 5),
        ("40", 4),
        ("79.99", 4),
        ("80", 3),
        ("110", 3),
        ("110.01", 2),
        ("129.99", 2),
        ("130", 1),
    ],
)
def test_quota_band_boundaries(attainment, band):
    assert rules.quota_band(Decimal(attainment)) == band


def test_quota_band_between_110_and_111_is_a_2_as_rules_md_says():
    # The seed writes "111-129%"; RULES.md's "> 110" decides.
    assert rules.quota_band(Decimal("110.5")) == 2


def test_no_quota_means_no_band():
    assert rules.quota_attainment(Decimal("500000"), None) is None
    assert rules.quota_band(None) is None


def test_quota_attainment_is_closed_won_over_annual_quota():
    assert rules.quota_attainment(Decimal("650000"), Decimal("500000")) == Decimal("130")


def test_band_1_with_both_exceeding_is_eligible_for_1():
    assert rules.eligible_score(1, "exceeding", "exceeding") == 1


@pytest.mark.parametrize(
    ("role_scope", "team_impact"),
    [("exceeding", "meeting"), ("meeting", "exceeding"), ("below", "below")],
)
def test_band_1_without_both_exceeding_is_eligible_for_2(role_scope, team_impact):
    assert rules.eligible_score(1, role_scope, team_impact) == 2


def test_other_bands_are_the_eligible_score_whatever_the_dimensions():
    assert rules.eligible_score(3, "exceeding", "exceeding") == 3
    assert rules.eligible_score(5, "below", "meeting") == 5


def test_ramp_year_has_no_band_and_no_eligible_score():
    figures = rules.rating_figures(
        closed_won_acv=Decimal("900000"),
        annual_quota=Decimal("500000"),
        ramp_year=True,
        role_scope="exceeding",
        team_impact="exceeding",
    )
    assert figures.quota_attainment == Decimal("180")
    assert figures.quota_band is None
    assert figures.eligible_score is None


def _problems(
    final_score, *, eligible=1, attainment="130", dims=("exceeding", "exceeding"), rationale=""
):
    return rules.final_score_problems(
        final_score=final_score,
        eligible=eligible,
        attainment=None if attainment is None else Decimal(attainment),
        role_scope=dims[0],
        team_impact=dims[1],
        rationale=rationale,
    )


def test_final_1_with_quota_130_and_both_exceeding_stands():
    assert _problems(1) == []


def test_final_1_without_both_exceeding_is_refused_even_with_a_rationale():
    problems = _problems(1, eligible=2, dims=("exceeding", "meeting"), rationale="Great year")
    assert problems and "130%" in problems[0]


def test_final_1_below_130_percent_is_refused():
    assert _problems(1, eligible=2, attainment="129.99", rationale="Close enough")


def test_final_1_without_a_quota_is_refused():
    assert _problems(1, eligible=None, attainment=None, rationale="Ramp year star")


def test_final_score_that_differs_from_eligible_needs_a_rationale():
    assert _problems(3, eligible=2) == [
        "A final score that differs from the eligible score needs a rationale."
    ]
    assert _problems(3, eligible=2, rationale="Most deals came from one inherited account") == []


def test_final_score_equal_to_eligible_needs_no_rationale():
    assert _problems(2, eligible=2) == []


def test_ramp_year_final_score_needs_a_rationale():
    assert _problems(2, eligible=None, attainment="90")
    assert _problems(2, eligible=None, attainment="90", rationale="Ramped in Q2") == []


def test_team_average_per_competency():
    averages = rules.competency_averages([(1, 4), (1, 3), (2, 1)])
    assert averages == {1: Decimal("3.5"), 2: Decimal("1")}
