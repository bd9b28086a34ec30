"""Read side of the career framework: who may see or rate whom, and the engine's figures for
ratings, loaded in a fixed number of queries whatever the number of ratings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet

from goals import rules as goal_rules
from goals.calendar import FiscalQuarter, FiscalYear, today
from goals.models import Opportunity
from goals.selectors import deal_rows, person_facts, quarter_results
from people.models import Person, Role
from people.selectors import is_admin, team_ids, viewer_person

from . import rules
from .models import (
    AnnualQuota,
    Competency,
    CompetencyAssessment,
    CompetencyRating,
    LevelExpectation,
    Rating,
    State,
)

# --- who may do what ------------------------------------------------------------------------


def is_leadership(user) -> bool:
    """Admins, managers with no manager, and anyone listed in ``PACER_LEADERSHIP_EMAILS``."""
    person = viewer_person(user)
    if is_admin(user, person):
        return True
    if person is None:
        return False
    if person.email.lower() in settings.PACER_LEADERSHIP_EMAILS:
        return True
    return person.role == Role.MANAGER and person.manager_id is None


def sees_every_rating(user) -> bool:
    """Admins and the people named in ``PACER_LEADERSHIP_EMAILS`` see every AE's rating."""
    person = viewer_person(user)
    if is_admin(user, person):
        return True
    return person is not None and person.email.lower() in settings.PACER_LEADERSHIP_EMAILS


def ratable_people(user) -> QuerySet[Person]:
    """The AEs a user may rate and assess: admins and named leadership all of them, a manager
    (a top manager included) their own tree, never another tree."""
    if sees_every_rating(user):
        return Person.objects.filter(role=Role.AE)
    person = viewer_person(user)
    if person is None or person.role != Role.MANAGER:
        return Person.objects.none()
    return Person.objects.filter(role=Role.AE, id__in=team_ids(person))


def own_published(user) -> tuple[QuerySet[Rating], QuerySet[CompetencyAssessment]]:
    """A rep's own ratings and assessments, published ones only."""
    person = viewer_person(user)
    if person is None:
        return Rating.objects.none(), CompetencyAssessment.objects.none()
    return (
        Rating.objects.filter(person=person, state=State.PUBLISHED),
        CompetencyAssessment.objects.filter(person=person, state=State.PUBLISHED),
    )


# --- figures --------------------------------------------------------------------------------


def figures_date(fiscal_year: int) -> date | None:
    """D for a fiscal year's quota: today within the year, its last day after, None before."""
    year = FiscalYear(fiscal_year)
    on = today()
    if on < year.start:
        return None
    return min(on, year.end)


def closed_won_by_person(people: Sequence[Person], fiscal_year: int) -> dict[int, Decimal]:
    """Each AE's ``closed_won_acv`` as of D, from the rules engine (RULES.md)."""
    day = figures_date(fiscal_year)
    if day is None or not people:
        return {}
    # closed_won_acv is year to date: the quarter holding D gives it as of D.
    results = quarter_results(people, FiscalQuarter.containing(day), day)
    values = {}
    for result in results:
        figure = result.figure("closed_won_acv")
        if figure is not None and figure.value is not None:
            values[result.person.id] = figure.value
    return values


def annual_quotas(people: Sequence[Person], fiscal_year: int) -> dict[int, Decimal]:
    rows = AnnualQuota.objects.filter(fiscal_year=fiscal_year, person__in=[p.id for p in people])
    return dict(rows.values_list("person_id", "amount"))


@dataclass(frozen=True)
class RatedPerson:
    """A rating (possibly unsaved) beside the engine's figures for it."""

    rating: Rating
    figures: rules.RatingFigures

    @property
    def is_override(self) -> bool:
        return rules.is_override(self.rating.final_score, self.figures.eligible_score)


def rated(ratings: Sequence[Rating], fiscal_year: int) -> list[RatedPerson]:
    """Figures for ratings of one fiscal year, in a fixed number of queries."""
    people = [rating.person for rating in ratings]
    closed = closed_won_by_person(people, fiscal_year)
    quotas = annual_quotas(people, fiscal_year)
    return [
        RatedPerson(
            rating=rating,
            figures=rules.rating_figures(
                closed_won_acv=closed.get(rating.person_id),
                annual_quota=quotas.get(rating.person_id),
                ramp_year=rating.person.ramp_year == fiscal_year,
                role_scope=rating.role_scope,
                team_impact=rating.team_impact,
            ),
        )
        for rating in ratings
    ]


def rated_ratings(ratings: Sequence[Rating]) -> list[RatedPerson]:
    """``rated`` for ratings of any fiscal years (a page of the API), in their order: a fixed
    number of queries per fiscal year, whatever the number of ratings."""
    by_year: dict[int, list[Rating]] = {}
    for rating in ratings:
        by_year.setdefault(rating.fiscal_year, []).append(rating)
    found = {
        row.rating.pk: row
        for fiscal_year, group in by_year.items()
        for row in rated(group, fiscal_year)
    }
    return [found[rating.pk] for rating in ratings]


def rating_of(person: Person, fiscal_year: int) -> Rating:
    """The person's rating for the year, or an unsaved draft."""
    rating = Rating.objects.filter(person=person, fiscal_year=fiscal_year).first()
    return rating or Rating(person=person, fiscal_year=fiscal_year)


def quota_deals(person: Person, fiscal_year: int) -> list[Opportunity]:
    """The won deals counted in the person's ``closed_won_acv`` as of D (the engine's mask)."""
    day = figures_date(fiscal_year)
    if day is None:
        return []
    quarter = FiscalQuarter.containing(day)
    owned = deal_rows(person_facts([person]), quarter, day).owned
    masks = goal_rules.ae_masks(owned, quarter, day)
    ids = [int(i) for i in owned.loc[masks["closed_won_acv"], "id"]]
    return list(Opportunity.objects.filter(id__in=ids).order_by("close_date", "id"))


def level_expectations(level: str) -> list[LevelExpectation]:
    """The two dimension texts of a level, Role Scope first."""
    return sorted(
        LevelExpectation.objects.filter(level=level), key=lambda e: e.dimension != "role_scope"
    )


def calibration(
    user, fiscal_year: int, *, manager_id: int | None = None, level: str = ""
) -> list[RatedPerson]:
    """Every rating of a fiscal year the user may see (filtered by manager and level), with
    its figures."""
    ratings = Rating.objects.filter(
        fiscal_year=fiscal_year, person__in=ratable_people(user)
    ).select_related("person", "person__manager")
    if manager_id is not None:
        ratings = ratings.filter(person__manager_id=manager_id)
    if level:
        ratings = ratings.filter(person__level=level)
    return rated(list(ratings), fiscal_year)


def score_distribution(rows: Sequence[RatedPerson]) -> dict[int, int]:
    """How many ratings carry each final score 1-5."""
    counts = dict.fromkeys(rules.SCORES, 0)
    for row in rows:
        if row.rating.final_score in counts:
            counts[row.rating.final_score] += 1
    return counts


def rating_managers(user) -> QuerySet[Person]:
    """The managers of rated people the user may see, for the calibration filter."""
    return (
        Person.objects.filter(reports__in=ratable_people(user), reports__ratings__isnull=False)
        .distinct()
        .order_by("name")
    )


# --- competencies ---------------------------------------------------------------------------


def competencies() -> list[Competency]:
    return list(Competency.objects.select_related("category").prefetch_related("behaviours"))


def assessment_of(person: Person, quarter: FiscalQuarter) -> CompetencyAssessment:
    found = CompetencyAssessment.objects.filter(
        person=person, fiscal_year=quarter.year, quarter=quarter.number
    ).first()
    return found or CompetencyAssessment(
        person=person, fiscal_year=quarter.year, quarter=quarter.number
    )


def assessment_scores(assessment: CompetencyAssessment) -> dict[int, CompetencyRating]:
    if assessment.pk is None:
        return {}
    return {r.competency_id: r for r in assessment.ratings.all()}


def team_averages(people: QuerySet[Person], quarter: FiscalQuarter) -> dict[int, Decimal]:
    """The mean score per competency over the people's assessments for a period."""
    pairs = CompetencyRating.objects.filter(
        assessment__person__in=people,
        assessment__fiscal_year=quarter.year,
        assessment__quarter=quarter.number,
    ).values_list("competency_id", "score")
    return rules.competency_averages(list(pairs))


# --- page access ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What a viewer may do with one person's rating or assessment."""

    person: Person
    can_edit: bool  # the person's manager (their tree) or leadership
    can_calibrate: bool  # leadership: final score, publish, return


def access_to(user, person_id: int) -> Access | None:
    """None when the viewer may not open the person's framework pages at all."""
    person = ratable_people(user).filter(id=person_id).first()
    if person is not None:
        return Access(person=person, can_edit=True, can_calibrate=is_leadership(user))
    own = viewer_person(user)
    if own is not None and own.id == person_id:
        return Access(person=own, can_edit=False, can_calibrate=False)
    return None


def published_only(access: Access, state: str) -> bool:
    """A rep reads their own rating or assessment only once it is published."""
    return access.can_edit or state == State.PUBLISHED


def home_ratings(user, fiscal_year: int) -> list[tuple[Person, Rating | None]]:
    """The people a viewer rates, each with their rating for the year if any (2 queries)."""
    people = list(ratable_people(user).select_related("manager").order_by("name"))
    ratings = {
        r.person_id: r
        for r in Rating.objects.filter(fiscal_year=fiscal_year, person__in=[p.id for p in people])
    }
    return [(person, ratings.get(person.id)) for person in people]


# --- API ------------------------------------------------------------------------------------


def visible_ratings(user) -> QuerySet[Rating]:
    """Ratings a user may read: every state for the AEs they rate (leadership all, a manager
    their tree), and their own once published; never anyone else's."""
    own, _ = own_published(user)
    return Rating.objects.filter(
        Q(person__in=ratable_people(user)) | Q(pk__in=own.values("pk"))
    ).select_related("person", "rated_by")


def visible_assessments(user) -> QuerySet[CompetencyAssessment]:
    """Competency assessments under the same rule as ratings."""
    _, own = own_published(user)
    return (
        CompetencyAssessment.objects.filter(
            Q(person__in=ratable_people(user)) | Q(pk__in=own.values("pk"))
        )
        .select_related("person", "assessed_by")
        .prefetch_related("ratings__competency")
    )
