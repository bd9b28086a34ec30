"""Write side of the career framework. Each service checks RULES.md through
``framework.rules``; the audit trail (``goals.audit``, django-auditlog) records what changed,
before → after, naming ``by`` as the author."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from goals.audit import acting_as
from goals.calendar import FiscalQuarter
from people.models import Person

from . import rules
from .models import (
    CompetencyAssessment,
    CompetencyRating,
    CompetencyScore,
    Dimension,
    Rating,
    State,
)
from .selectors import rated

ASSESSMENT_FIELDS = ("role_scope", "role_scope_examples", "team_impact", "team_impact_examples")


def _apply(instance, by, values: Mapping[str, object]) -> None:
    """Set ``values`` on ``instance`` and save it as ``by`` (the trail keeps what changed)."""
    for name, value in values.items():
        setattr(instance, name, value)
    with acting_as(by):
        instance.save()


def _refuse_unless(rating: Rating, *states: str) -> None:
    if rating.state not in states:
        raise ValidationError(f"This rating is {rating.get_state_display().lower()}.")


@transaction.atomic
def assess_rating(
    rating: Rating,
    *,
    by,
    rated_by: Person | None,
    role_scope: str,
    role_scope_examples: str,
    team_impact: str,
    team_impact_examples: str,
) -> Rating:
    """Save the manager's two dimension assessments and their examples on a draft."""
    _refuse_unless(rating, State.DRAFT)
    values = {
        "role_scope": role_scope,
        "role_scope_examples": role_scope_examples.strip(),
        "team_impact": team_impact,
        "team_impact_examples": team_impact_examples.strip(),
    }
    _apply(rating, by, {**values, "rated_by_id": rated_by.pk if rated_by else None})
    return rating


@transaction.atomic
def submit_rating(rating: Rating, *, by) -> Rating:
    """Draft → submitted: both dimensions assessed, each with written examples (seed 001)."""
    _refuse_unless(rating, State.DRAFT)
    missing = [
        label
        for field, label in Dimension.choices
        if not getattr(rating, field) or not getattr(rating, f"{field}_examples").strip()
    ]
    if missing:
        raise ValidationError(
            [f"{label} needs an assessment and examples of impact." for label in missing]
        )
    _apply(rating, by, {"state": State.SUBMITTED})
    return rating


def final_score_problems(rating: Rating, final_score: int | None, rationale: str) -> list[str]:
    """RULES.md's refusals for ``final_score`` on ``rating``, with the engine's figures."""
    figures = rated([rating], rating.fiscal_year)[0].figures
    return rules.final_score_problems(
        final_score=final_score,
        eligible=figures.eligible_score,
        attainment=figures.quota_attainment,
        role_scope=rating.role_scope,
        team_impact=rating.team_impact,
        rationale=rationale,
    )


@transaction.atomic
def set_final_score(rating: Rating, *, by, final_score: int | None, rationale: str) -> Rating:
    """Leadership's final score and rationale on a submitted rating (refused per RULES.md)."""
    _refuse_unless(rating, State.SUBMITTED)
    problems = final_score_problems(rating, final_score, rationale)
    if problems:
        raise ValidationError(problems)
    _apply(rating, by, {"final_score": final_score, "rationale": rationale.strip()})
    return rating


@transaction.atomic
def publish_rating(rating: Rating, *, by) -> Rating:
    """Submitted → published, once a final score stands (checked again: quotas may move)."""
    _refuse_unless(rating, State.SUBMITTED)
    if rating.final_score is None:
        raise ValidationError("Set a final score before publishing.")
    problems = final_score_problems(rating, rating.final_score, rating.rationale)
    if problems:
        raise ValidationError(problems)
    _apply(rating, by, {"state": State.PUBLISHED})
    return rating


@transaction.atomic
def return_rating(rating: Rating, *, by) -> Rating:
    """Submitted → draft, for the manager to rework."""
    _refuse_unless(rating, State.SUBMITTED)
    _apply(rating, by, {"state": State.DRAFT})
    return rating


# --- competency assessments -----------------------------------------------------------------


@transaction.atomic
def save_competency_assessment(
    person: Person,
    quarter: FiscalQuarter,
    *,
    by,
    assessed_by: Person | None,
    scores: Mapping[int, tuple[int, str]],
) -> CompetencyAssessment:
    """Save a draft assessment: a score (1-4) and a comment per competency id."""
    with acting_as(by):
        assessment, _ = CompetencyAssessment.objects.get_or_create(
            person=person,
            fiscal_year=quarter.year,
            quarter=quarter.number,
            defaults={"assessed_by": assessed_by},
        )
        if assessment.state != State.DRAFT:
            raise ValidationError(f"This assessment is {assessment.get_state_display().lower()}.")
        existing = {r.competency_id: r for r in assessment.ratings.all()}
        for competency_id, (score, comment) in scores.items():
            if score not in CompetencyScore.values:
                raise ValidationError(f"A competency score is 1 to 4, not {score}.")
            before = existing.get(competency_id)
            if before is None:
                CompetencyRating.objects.create(
                    assessment=assessment,
                    competency_id=competency_id,
                    score=score,
                    comment=comment.strip(),
                )
            elif (before.score, before.comment) != (score, comment.strip()):
                before.score, before.comment = score, comment.strip()
                before.save(update_fields=["score", "comment"])
        assessment.save(update_fields=["updated_at"])
    return assessment


_NEXT = {State.DRAFT: State.SUBMITTED, State.SUBMITTED: State.PUBLISHED}


@transaction.atomic
def advance_assessment(assessment: CompetencyAssessment, *, by) -> CompetencyAssessment:
    """Draft → submitted → published."""
    if assessment.state not in _NEXT:
        raise ValidationError("This assessment is already published.")
    if not assessment.ratings.exists():
        raise ValidationError("Score at least one competency first.")
    _apply(assessment, by, {"state": _NEXT[assessment.state]})
    return assessment
