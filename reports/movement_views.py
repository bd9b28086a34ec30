"""Pipeline movement and deal timeline pages (issue 15)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from goals import history_store
from people.selectors import visible_people

from . import exports, pages
from .movement_charts import CATEGORY_WORDS
from .movement_pages import movement_deal_rows, movement_page
from .views import _quarter_context, selected_quarter


@login_required
def person_movement(request: HttpRequest, person_id: int) -> HttpResponse:
    """What moved a rep's (or a manager's team's) in-quarter pipeline between two days."""
    person = get_object_or_404(visible_people(request.user), id=person_id)
    quarter = selected_quarter(request)
    page = movement_page(person, quarter, request.GET)
    context = _quarter_context(quarter, page.charts)
    context.update(page=page, person=person, words=CATEGORY_WORDS)
    context["figures_json"] = pages.figures_json(list(page.charts))
    return render(request, "reports/movement.html", context)


@login_required
def person_movement_csv(request: HttpRequest, person_id: int) -> HttpResponse:
    """Every deal behind each movement category, both bases, as CSV (the page lists the
    largest changes of each)."""
    person = get_object_or_404(visible_people(request.user), id=person_id)
    quarter = selected_quarter(request)
    page = movement_page(person, quarter, request.GET)
    if page.error:
        raise Http404(page.error)
    header, rows = movement_deal_rows(page)
    response = HttpResponse(exports.excel_csv(header, rows), content_type=exports.CSV_TYPE)
    name = f"pacer-{person.id}-movement-{page.day_from}-{page.day_to}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def deal_timeline(request: HttpRequest, external_id: str) -> HttpResponse:
    """A deal's states over time: stage, amount, close date, owner; which import, when."""
    states = history_store.timeline(external_id)
    visible = set(visible_people(request.user).values_list("id", flat=True))
    if not any(state.owner_id in visible for state in states):
        raise Http404("no such deal for this login")
    return render(
        request, "reports/deal_timeline.html", {"external_id": external_id, "states": states}
    )
