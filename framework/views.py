"""Career framework pages. Each view parses its input, calls a selector or a service and
renders; who may do what is decided by ``selectors.access_to``."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from goals.calendar import FiscalQuarter, FiscalYear, today
from people.models import Level

from . import charts, selectors, services
from .forms import CalibrationFilter, FinalScoreForm, RatingForm, competency_scores
from .models import CompetencyScore, QuotaBand, Rating, State

CALIBRATION_ACTIONS = {
    "finalise": None,  # handled with its form
    "publish": services.publish_rating,
    "return": services.return_rating,
}


def selected_year(request: HttpRequest) -> int:
    """``?fy=2024``, or the fiscal year holding today."""
    raw = request.GET.get("fy", "")
    if not raw:
        return FiscalYear.containing(today()).year
    if not raw.isdigit():
        raise Http404("fy is a year like 2024")
    return int(raw)


def parse_period(label: str) -> FiscalQuarter:
    try:
        return FiscalQuarter.parse(label)
    except ValueError as error:
        raise Http404(str(error)) from error


def _access(request: HttpRequest, person_id: int) -> selectors.Access:
    access = selectors.access_to(request.user, person_id)
    if access is None:
        raise Http404("No such person on your team.")
    return access


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Ratings to write for a manager, one's own published ratings for a rep."""
    fiscal_year = selected_year(request)
    ratings, assessments = selectors.own_published(request.user)
    return render(
        request,
        "framework/index.html",
        {
            "fiscal_year": FiscalYear(fiscal_year),
            "team": selectors.home_ratings(request.user, fiscal_year),
            "own_ratings": ratings,
            "own_assessments": assessments,
            "is_leadership": selectors.is_leadership(request.user),
            "period": FiscalQuarter.containing(today()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rating(request: HttpRequest, fiscal_year: int, person_id: int) -> HttpResponse:
    """One person's rating: their level texts beside the form, quota attainment and deals."""
    access = _access(request, person_id)
    rating = selectors.rating_of(access.person, fiscal_year)
    if not selectors.published_only(access, rating.state):
        raise Http404("This rating is not published yet.")
    forms = {
        "form": RatingForm(instance=rating),
        "final_form": FinalScoreForm(
            initial={"final_score": rating.final_score, "rationale": rating.rationale}
        ),
    }
    errors: list[str] = []
    if request.method == "POST":
        try:
            _act_on_rating(request, access, rating, forms)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"Rating {rating.get_state_display().lower()} and saved.")
            return redirect("framework:rating", fiscal_year=fiscal_year, person_id=person_id)
    row = selectors.rated([rating], fiscal_year)[0]
    return render(
        request,
        "framework/rating.html",
        {
            "access": access,
            "person": access.person,
            "fiscal_year": FiscalYear(fiscal_year),
            "rating": rating,
            "figures": row.figures,
            "is_override": row.is_override,
            "bands": QuotaBand.objects.all(),
            "expectations": selectors.level_expectations(access.person.level),
            "deals": selectors.quota_deals(access.person, fiscal_year),
            **forms,
            "errors": errors,
            "editable": access.can_edit and rating.state == State.DRAFT,
            "history": LogEntry.objects.get_for_object(rating)
            .select_related("actor")
            .order_by("timestamp", "id")
            if rating.pk and access.can_edit
            else [],
        },
        status=400 if errors else 200,
    )


def _act_on_rating(request: HttpRequest, access, rating: Rating, forms: dict) -> None:
    """Carry out the POSTed action on ``rating``, binding the form it reads into ``forms``
    (shown again when the action is refused with a ValidationError)."""
    action = request.POST.get("action", "")
    if action in ("save", "submit") and access.can_edit:
        form = forms["form"] = RatingForm(request.POST, instance=rating)
        if not form.is_valid():
            raise ValidationError("Check the assessments below.")
        services.assess_rating(
            rating, by=request.user, rated_by=request.person, **form.cleaned_data
        )
        if action == "submit":
            services.submit_rating(rating, by=request.user)
    elif action == "finalise" and access.can_calibrate:
        final_form = forms["final_form"] = FinalScoreForm(request.POST)
        if not final_form.is_valid():
            raise ValidationError("Choose a final score from 1 to 5.")
        services.set_final_score(rating, by=request.user, **final_form.cleaned_data)
    elif CALIBRATION_ACTIONS.get(action) and access.can_calibrate:
        CALIBRATION_ACTIONS[action](rating, by=request.user)
    else:
        raise Http404("Unknown action.")


@login_required
def calibration(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """Leadership's view of every rating of a fiscal year, filtered by manager and level."""
    if not selectors.is_leadership(request.user):
        raise Http404("Calibration is for sales leadership.")
    managers = list(selectors.rating_managers(request.user))
    filters = CalibrationFilter(request.GET or None, managers=managers)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.calibration(
        request.user, fiscal_year, manager_id=chosen.get("manager"), level=chosen.get("level", "")
    )
    labels = dict(QuotaBand.objects.values_list("score", "label"))
    distribution = selectors.score_distribution(rows)
    return render(
        request,
        "framework/calibration.html",
        {
            "fiscal_year": FiscalYear(fiscal_year),
            "rows": rows,
            "overrides": [row for row in rows if row.is_override],
            "filters": filters,
            "distribution": distribution,
            "chart": charts.score_distribution(distribution, labels),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competencies(request: HttpRequest, period: str, person_id: int) -> HttpResponse:
    """One person's competency assessment for a period, with a radar chart."""
    quarter = parse_period(period)
    access = _access(request, person_id)
    assessment = selectors.assessment_of(access.person, quarter)
    if not selectors.published_only(access, assessment.state):
        raise Http404("This assessment is not published yet.")
    items = selectors.competencies()
    errors: list[str] = []
    if request.method == "POST":
        if not access.can_edit:
            raise Http404("You cannot assess this person.")
        try:
            assessment = _save_assessment(request, access, quarter, assessment, items)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"Assessment {assessment.get_state_display().lower()}.")
            return redirect("framework:competencies", period=quarter.label, person_id=person_id)
    scores = selectors.assessment_scores(assessment)
    names = [c.name for c in items]
    series = {access.person.name: [getattr(scores.get(c.id), "score", None) for c in items]}
    if access.can_edit:
        team = selectors.team_averages(selectors.ratable_people(request.user), quarter)
        series["Team average"] = [team.get(c.id) for c in items]
    return render(
        request,
        "framework/competencies.html",
        {
            "person": access.person,
            "quarter": quarter,
            "assessment": assessment,
            "rows": [(c, scores.get(c.id)) for c in items],
            "editable": access.can_edit and assessment.state == State.DRAFT,
            "access": access,
            "errors": errors,
            "score_choices": CompetencyScore.choices,
            "chart": charts.competency_radar(names, series) if scores else None,
        },
        status=400 if errors else 200,
    )


def _save_assessment(request, access, quarter, assessment, items):
    """Save a draft's scores, then advance it when asked (publishing is leadership's)."""
    if assessment.state == State.DRAFT:
        scores, errors = competency_scores(request.POST, [c.id for c in items])
        if errors:
            raise ValidationError(errors)
        assessment = services.save_competency_assessment(
            access.person,
            quarter,
            by=request.user,
            assessed_by=request.person,
            scores=scores,
        )
    if request.POST.get("action") == "advance":
        if assessment.state == State.SUBMITTED and not access.can_calibrate:
            raise ValidationError("Sales leadership publishes assessments.")
        services.advance_assessment(assessment, by=request.user)
    return assessment


@login_required
def team_competencies(request: HttpRequest, period: str) -> HttpResponse:
    """The team's average per competency for a period: where enablement should go."""
    quarter = parse_period(period)
    people = selectors.ratable_people(request.user)
    if not people.exists():
        raise Http404("No team to show.")
    items = selectors.competencies()
    averages = selectors.team_averages(people, quarter)
    rows = sorted(
        ((c, averages.get(c.id)) for c in items),
        key=lambda pair: (pair[1] is None, pair[1] or 0),
    )
    chart = None
    if averages:
        chart = charts.competency_radar(
            [c.name for c in items], {"Team average": [averages.get(c.id) for c in items]}
        )
    return render(
        request,
        "framework/team_competencies.html",
        {"quarter": quarter, "rows": rows, "chart": chart, "levels": Level.choices},
    )
