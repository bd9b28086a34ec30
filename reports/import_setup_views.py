"""The import's set-up pages: the preview's Set-up answers (stages, rates, people) and the
Imports -> Stage mapping page. Each view parses the form, calls imports.setup."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from goals.models import PersonAlias, StageAlias
from imports import data_export_upload, preferences, settings_file, setup
from imports.models import CurrencyRate, ImportKind, ImportRun
from people.models import Person

from .import_setup_context import STAGE_OPTIONS
from .import_views import DATE_FORMATS, REPREVIEWABLE, _enqueue, admin_required


def _answers(post) -> tuple[dict, dict, dict]:
    stages, rates, people = {}, {}, {}
    for key, text in post.items():
        kind, _, index = key.partition("-text-")
        if not index:
            continue
        value = post.get(f"{kind}-answer-{index}", "").strip()
        if not value:
            continue
        if kind == "stage":
            stages[text] = value
        elif kind == "currency":
            rates[text] = value
        elif value == "new":
            people[text] = setup.NewPerson(
                name=post.get(f"{kind}-name-{index}", ""),
                email=post.get(f"{kind}-email-{index}", ""),
                role=post.get(f"{kind}-role-{index}", ""),
            )
        elif value.isdigit():
            people[text] = int(value)
    return stages, rates, people


@admin_required
@require_POST
def import_setup(request: HttpRequest, run_id: int) -> HttpResponse:
    """Save the Set-up answers and check the same upload again."""
    run = get_object_or_404(ImportRun, pk=run_id, status__in=REPREVIEWABLE, data__isnull=False)
    stages, rates, people = _answers(request.POST)
    try:
        setup.answer(run, stages=stages, rates=rates, people=people)
    except (ValueError, Person.DoesNotExist) as error:
        messages.error(request, f"Nothing saved: {error}")
        return redirect("import_detail", run_id=run.pk)
    _enqueue(request, run)
    return redirect("import_detail", run_id=run.pk)


@admin_required
@require_POST
def import_export_people(request: HttpRequest, run_id: int) -> HttpResponse:
    """Add the Data Export's proposed people the admin ticked to the roster, then check the
    same upload again (nothing added on a refusal)."""
    run = get_object_or_404(ImportRun, pk=run_id, status__in=REPREVIEWABLE, data__isnull=False)
    chosen = {
        key.removeprefix("add-"): request.POST.get(f"role-{key.removeprefix('add-')}", "")
        for key in request.POST
        if key.startswith("add-")
    }
    try:
        added = data_export_upload.add_people(run, chosen)
    except ValueError as error:
        messages.error(request, f"Nobody added: {error}")
        return redirect("import_detail", run_id=run.pk)
    messages.success(request, f"Added {added} people to the roster; the upload is checked again.")
    _enqueue(request, run)
    return redirect("import_detail", run_id=run.pk)


@admin_required
def import_mappings(request: HttpRequest) -> HttpResponse:
    """Imports -> Stage mapping, currency rates and names of people: see, add, change, delete."""
    if request.method == "POST":
        try:
            _change_mapping(request.POST)
        except ValueError as error:
            messages.error(request, f"Nothing saved: {error}")
        return redirect("import_mappings")
    context = {
        "aliases": StageAlias.objects.all(),
        "rates": CurrencyRate.objects.all(),
        "people_aliases": PersonAlias.objects.select_related("person"),
        "stage_options": STAGE_OPTIONS,
        "company_currency": settings.COMPANY_CURRENCY,
        "date_formats": DATE_FORMATS,
        "date_format": preferences.date_format(),
        "meeting_types": preferences.meeting_types(),
    }
    return render(request, "reports/imports/setup.html", context)


def _change_mapping(post) -> None:
    action = post.get("action", "")
    if action == "stage":
        setup.save_stage(post.get("name", ""), post.get("stage", ""))
    elif action == "rate":
        setup.save_rate(post.get("currency", ""), post.get("rate", ""))
    elif action == "delete-stage":
        StageAlias.objects.filter(pk=post.get("id")).delete()
    elif action == "delete-rate":
        CurrencyRate.objects.filter(pk=post.get("id")).delete()
    elif action == "preferences":
        preferences.save_date_format(post.get("date_format", ""))
        preferences.save_meeting_types(post.get("meeting_types", "").splitlines())
    elif action == "delete-person":
        PersonAlias.objects.filter(pk=post.get("id")).delete()
    else:
        raise ValueError("unknown action")


@admin_required
def import_settings_download(request: HttpRequest) -> HttpResponse:
    """The import settings of one kind of file, as the ``--mapping`` JSON file."""
    kind = request.GET.get("kind", "opportunities")
    if kind not in ImportKind.values:
        return HttpResponse("unknown kind", status=400)
    response = JsonResponse(settings_file.settings_of(kind), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="pacer-import-{kind}.json"'
    return response


ROSTER_TEMPLATE = (
    "Name,Email,Role,SDR Segment,Level,Manager Email,Start Date,Ramp Year,Salesforce ID\r\n"
    "Maria Lopez,maria@example.com,Manager,,L5,,2022-01-10,,0055b00000AbCdE\r\n"
    "Avery Stone,avery@example.com,AE,,L2,maria@example.com,2023-03-06,FY24,\r\n"
    "Sam Rivera,sam@example.com,SDR,Outbound,L1,maria@example.com,2023-09-01,Yes,\r\n"
)


@admin_required
def roster_template(request: HttpRequest) -> HttpResponse:
    """A roster CSV with every column the roster import reads (README: Team roster)."""
    response = HttpResponse(ROSTER_TEMPLATE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pacer-roster-template.csv"'
    return response
