"""RULES.md "Career framework ratings" as plain functions over plain data (seed 001).

No ORM here: ``framework.selectors`` loads the figures and ``framework.services`` refuses what
these functions refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)
EXCEEDING = "exceeding"
SCORES = (1, 2, 3, 4, 5)


def quota_attainment(
    closed_won_acv: Decimal | None, annual_quota: Decimal | None
) -> Decimal | None:
    """``closed_won_acv`` at FY end (or D) ÷ the annual quota × 100; None without a quota."""
    if closed_won_acv is None or not annual_quota:
        return None
    return closed_won_acv / annual_quota * HUNDRED


def quota_band(attainment: Decimal | None) -> int | None:
    """RULES.md: ≥ 130 → 1 · > 110 → 2 · ≥ 80 → 3 · ≥ 40 → 4 · < 40 → 5."""
    if attainment is None:
        return None
    if attainment >= 130:
        return 1
    if attainment > 110:
        return 2
    if attainment >= 80:
        return 3
    if attainment >= 40:
        return 4
    return 5


def both_exceeding(role_scope: str, team_impact: str) -> bool:
    return role_scope == EXCEEDING and team_impact == EXCEEDING


def eligible_score(band: int | None, role_scope: str, team_impact: str) -> int | None:
    """The quota band, except that 1 needs Exceeding on both dimensions (otherwise 2).

    None without a band: a ramp year, or no quota, leaves eligibility to leadership.
    """
    if band is None:
        return None
    if band == 1 and not both_exceeding(role_scope, team_impact):
        return 2
    return band


def final_score_problems(
    *,
    final_score: int | None,
    eligible: int | None,
    attainment: Decimal | None,
    role_scope: str,
    team_impact: str,
    rationale: str,
) -> list[str]:
    """Why leadership's final score is refused; an empty list means it stands."""
    if final_score is None:
        return []
    problems = []
    if final_score not in SCORES:
        problems.append("A final score is 1 to 5.")
    if final_score == 1 and not (
        attainment is not None and attainment >= 130 and both_exceeding(role_scope, team_impact)
    ):
        # seed 001: "To Receive a '1' Rating, you MUST hit both Quota Eligibility and Exceed
        # Expectations for BOTH Role Scope/Execution and Team/Cross-Functional Impact".
        problems.append(
            "A final score of 1 needs quota attainment of at least 130% and Exceeding "
            "expectations on both dimensions."
        )
    if final_score != eligible and not rationale.strip():
        problems.append("A final score that differs from the eligible score needs a rationale.")
    return problems


@dataclass(frozen=True)
class RatingFigures:
    """What the engine says about one rating: quota figures and the eligible score."""

    closed_won_acv: Decimal | None
    annual_quota: Decimal | None
    quota_attainment: Decimal | None
    quota_band: int | None
    eligible_score: int | None
    ramp_year: bool


def rating_figures(
    *,
    closed_won_acv: Decimal | None,
    annual_quota: Decimal | None,
    ramp_year: bool,
    role_scope: str,
    team_impact: str,
) -> RatingFigures:
    """Quota attainment, band and eligible score for one rating (a ramp year has no band)."""
    attainment = quota_attainment(closed_won_acv, annual_quota)
    band = None if ramp_year else quota_band(attainment)
    return RatingFigures(
        closed_won_acv=closed_won_acv,
        annual_quota=annual_quota,
        quota_attainment=attainment,
        quota_band=band,
        eligible_score=eligible_score(band, role_scope, team_impact),
        ramp_year=ramp_year,
    )


def is_override(final_score: int | None, eligible: int | None) -> bool:
    """Leadership's final score differs from the eligible one."""
    return final_score is not None and final_score != eligible


def competency_averages(scores: list[tuple[int, int]]) -> dict[int, Decimal]:
    """Mean score per competency id from (competency id, score) pairs."""
    totals: dict[int, list[int]] = {}
    for competency_id, score in scores:
        totals.setdefault(competency_id, []).append(score)
    return {
        competency_id: Decimal(sum(values)) / Decimal(len(values))
        for competency_id, values in totals.items()
    }
