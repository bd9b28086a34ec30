"""Pages. Each view parses its input, calls one selector and renders."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from goals import closing, coaching
from goals.adjustments import target_adjustments
from goals.calendar import FiscalQuarter
from goals.selectors import coaching_basis
from people.models import Role, SdrSegment
from people.selectors import viewer_person, visible_people

from . import exports, pages
from .closing import coaching_lines, deals_to_close, team_past_due
from .nightly import nightly_run
from .overview_data import admin_overview
from .quarters import quarter_choices, quarter_or_404
from .selectors import (
    leaderboards,
    person_page,
    sdr_overview,
    team_review,
    viewer_role,
)

REVIEWER_ROLES = (Role.MANAGER, Role.ADMIN)
# The rep page lists this many rows behind a figure; the deals pages and the CSV have them all.
DEAL_LIMIT = 25
DEALS_PER_PAGE = 100


def selected_quarter(request: HttpRequest) -> FiscalQuarter:
    """The quarter in ``?quarter=FY24-Q3``, or the one holding today; 404 on nonsense."""
    return quarter_or_404(request.GET.get("quarter"))


def require_role(request: HttpRequest, roles) -> str:
    """The viewer's role; 404 unless it is one of ``roles`` (the page does not exist for them)."""
    role = viewer_role(request.user, request.person)
    if role not in roles:
        raise Http404("no such page for this login")
    return role


def _quarter_context(quarter: FiscalQuarter, chart_list=()) -> dict:
    return {
        "quarter": quarter,
        "quarters": quarter_choices(quarter),
        "charts": list(chart_list),
        "figures_json": pages.figures_json(list(chart_list)),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Reps land on their own quarter, managers on their team, admins on the overview."""
    role = viewer_role(request.user, request.person)
    if role in (Role.AE, Role.SDR):
        person = visible_people(request.user, request.person).get()
        return redirect("person_quarter", person_id=person.id)
    if role == Role.MANAGER:
        return redirect("team_review")
    if role == Role.ADMIN:
        return redirect("admin_overview")
    return render(request, "reports/people.html", {"people": []})


@login_required
def my_quarter(request: HttpRequest, person_id: int) -> HttpResponse:
    """One rep's quarter: figures, charts, the rows behind each figure and what is needed."""
    person = get_object_or_404(visible_people(request.user, request.person), id=person_id)
    quarter = selected_quarter(request)
    page = person_page(person, quarter, listed=slice(0, DEAL_LIMIT))
    result = page.result
    chart_list = pages.person_charts(page) if result else []
    metrics = page.data.metrics
    basis = coaching_basis()
    context = _quarter_context(quarter, chart_list)
    context.update(
        person=person,
        page=page,
        result=result,
        rows=[(metrics[f.metric], f) for f in result.figures] if result else [],
        needed=pages.needed(result, metrics) if result else "",
        basis=basis,
        status=coaching.coaching_status(result, basis) if result else None,
        other_status=coaching.coaching_status(result, coaching.other_basis(basis))
        if result
        else None,
        has_targets=bool(result) and any(f.target is not None for f in result.figures),
        to_close=deals_to_close(page, request.GET.get("sort")),
        sort_choices=[(code, label) for code, (label, _) in closing.SORTS.items()],
        chart_by_id={chart.id: chart for chart in chart_list},
        deal_limit=DEAL_LIMIT,
        adjustments=target_adjustments([person.id], quarter).get(person.id, {}),
    )
    return render(request, "reports/my_quarter.html", context)


@login_required
def person_deals(request: HttpRequest, person_id: int, metric: str) -> HttpResponse:
    """Every opportunity behind one of a rep's figures, in date order, a hundred to a page."""
    person = get_object_or_404(visible_people(request.user, request.person), id=person_id)
    quarter = selected_quarter(request)
    number = request.GET.get("page", "1")
    if not number.isdigit() or int(number) < 1:
        raise Http404("no such page")
    number = int(number)
    start = (number - 1) * DEALS_PER_PAGE
    page = person_page(person, quarter, listed=slice(start, start + DEALS_PER_PAGE))
    deals = page.deals.get(metric)
    figure = page.result.figure(metric) if page.result else None
    if deals is None or figure is None or (number > 1 and not deals.listed):
        raise Http404("no opportunities behind this figure")
    context = _quarter_context(quarter)
    context.update(
        person=person,
        metric=page.data.metrics[metric],
        figure=figure,
        deals=deals,
        first_shown=start + 1,
        last_shown=start + len(deals.listed),
        page_number=number,
        page_count=max(1, -(-deals.count // DEALS_PER_PAGE)),
    )
    return render(request, "reports/deals.html", context)


@login_required
def person_rows_csv(request: HttpRequest, person_id: int) -> HttpResponse:
    """Every opportunity behind each of a rep's figures, as CSV."""
    person = get_object_or_404(visible_people(request.user, request.person), id=person_id)
    quarter = selected_quarter(request)
    header, rows = exports.deal_rows(person_page(person, quarter).deals)
    response = HttpResponse(exports.excel_csv(header, rows), content_type=exports.CSV_TYPE)
    filename = f"pacer-{person.id}-{quarter.label}-rows.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """A manager's tree: table, coaching lists, heatmap, totals and look-ahead."""
    require_role(request, REVIEWER_ROLES)
    quarter = selected_quarter(request)
    review = team_review(request.user, quarter)
    basis = coaching_basis()
    data = review.data
    past_due = team_past_due(review)
    context = _quarter_context(quarter, pages.team_charts(review))
    context.update(
        review=review,
        metrics=data.metrics,
        basis=basis,
        other_basis=coaching.other_basis(basis),
        coaching_lines=coaching_lines(review, basis),
        other_flagged=[r for r in data.results if r.coaching(coaching.other_basis(basis))],
        past_due=past_due,
        past_due_total=closing.total(past_due.values()) if data.live else None,
    )
    context["viewer_person"] = viewer_person(request.user)  # their team's pipeline movement
    context["adjustments"] = _adjustments(data.results, quarter)
    return render(request, "reports/team.html", context)


def _adjustments(results, quarter: FiscalQuarter) -> dict:
    """Per person id and metric, the targets adjusted for them (who, when, why)."""
    return target_adjustments([result.person.id for result in results], quarter)


@login_required
def team_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The team table as CSV or Excel (``file_format`` is ``csv`` or ``xlsx``)."""
    require_role(request, REVIEWER_ROLES)
    quarter = selected_quarter(request)
    review = team_review(request.user, quarter)
    header, rows, kinds = exports.team_table(
        review.data.results,
        review.data.metrics,
        coaching_basis(),
        adjustments=_adjustments(review.data.results, quarter),
    )
    filename = f"pacer-team-{quarter.label}.{file_format}"
    if file_format == "csv":
        response = HttpResponse(exports.excel_csv(header, rows), content_type=exports.CSV_TYPE)
    else:
        response = HttpResponse(
            exports.to_xlsx(header, rows, quarter.label, kinds),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def sdrs(request: HttpRequest) -> HttpResponse:
    """SDRs per segment: SAOs and meetings against targets, rolling attainment by month."""
    require_role(request, REVIEWER_ROLES)
    quarter = selected_quarter(request)
    overview = sdr_overview(request.user, quarter)
    context = _quarter_context(quarter, pages.sdr_charts(overview))
    context.update(
        overview=overview,
        metrics=overview.data.metrics,
        segment_labels=dict(SdrSegment.choices),
    )
    return render(request, "reports/sdrs.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """For admins: data freshness and the records that need fixing."""
    require_role(request, (Role.ADMIN,))
    quarter = selected_quarter(request)
    context = _quarter_context(quarter)
    context["overview"] = admin_overview(quarter)
    context["nightly"] = nightly_run()
    return render(request, "reports/overview.html", context)


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    """The quarter's ranking per role, for the roles ``LEADERBOARD_ROLES`` allows."""
    if viewer_role(request.user, request.person) not in settings.LEADERBOARD_ROLES:
        raise PermissionDenied("the leaderboard is not open to your role")
    quarter = selected_quarter(request)
    data, boards = leaderboards(quarter)
    context = _quarter_context(quarter, pages.leaderboard_charts(boards, data.metrics))
    context.update(boards=boards, metrics=data.metrics)
    context["adjustments"] = _adjustments(data.results, quarter)
    return render(request, "reports/leaderboard.html", context)
