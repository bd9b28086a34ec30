"""What the admin overview reads, in a fixed number of queries whatever the number of people,
deals or imports: the week's imports and syncs, the data problems and the company's quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from goals import closing, rules
from goals.calendar import FiscalQuarter, today
from goals.models import Meeting, Opportunity, StageAlias
from goals.recompute import last_recomputed
from goals.selectors import counts_filter, person_facts, target_book
from imports import parsers
from imports.models import CurrencyRate, ImportKind, ImportRun
from imports.services import last_imported
from people.models import Person, Role
from salesforce import org_users
from salesforce.models import Sync

from . import overview
from .selectors import REP_ROLES, QuarterData, quarter_data

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class AdminOverview:
    last_opportunity_import: datetime | None
    last_meeting_import: datetime | None
    last_recompute: datetime | None
    imports: list[overview.ImportLine]
    problems: list[overview.DataProblem]
    company: list[rules.RoleQuarter]
    data: QuarterData


def admin_overview(quarter: FiscalQuarter) -> AdminOverview:
    """The overview an admin starts the day with, for ``quarter``."""
    people = list(Person.objects.filter(is_active=True).exclude(role=Role.ADMIN).order_by("name"))
    runs = _week_runs()
    data = quarter_data([p for p in people if p.role in REP_ROLES], quarter)
    return AdminOverview(
        last_opportunity_import=last_imported(ImportKind.OPPORTUNITIES),
        last_meeting_import=last_imported(ImportKind.MEETINGS),
        last_recompute=last_recomputed(),
        imports=overview.import_lines(runs, _syncs_without_run()),
        problems=overview.data_problems(load_inputs(quarter, people, runs, data)),
        company=rules.company_quarter(data.results, data.metrics, settings.COACHING_BASIS),
        data=data,
    )


def _week_runs() -> list[ImportRun]:
    since = timezone.now() - WEEK
    runs = ImportRun.objects.filter(created_at__gte=since).select_related("user", "sync")
    # The uploaded file can be megabytes: the overview never reads it.
    return list(runs.defer("data", "companions").order_by("-created_at", "-id"))


def _syncs_without_run() -> list[Sync]:
    since = timezone.now() - WEEK
    return list(Sync.objects.filter(started_at__gte=since, run__isnull=True))


def load_inputs(
    quarter: FiscalQuarter, people: list[Person], runs: list[ImportRun], data: QuarterData
) -> overview.OverviewInputs:
    """The records behind each data problem (a fixed number of queries)."""
    facts = person_facts(people)
    targets = target_book(facts, {quarter.year - 1, quarter.year})
    day = today()
    unowned = Opportunity.objects.filter(owner__isnull=True)
    by_name = unowned.values("owner_name").annotate(deals=Count("id")).order_by("-deals")
    # Past due as the engine defines it (goals.closing), asked of the database.
    past = Opportunity.objects.filter(counts_filter(closing.past_due_counts(day)))
    aliases = {parsers.stage_key(n): s for n, s in StageAlias.objects.values_list("name", "stage")}
    rates = {code.upper() for code in CurrencyRate.objects.values_list("currency", flat=True)}
    opportunity_runs = [r for r in runs if r.kind == ImportKind.OPPORTUNITIES]
    return overview.OverviewInputs(
        quarter=quarter,
        as_of=data.as_of,
        without_manager=[p for p in people if p.manager_id is None],
        without_targets=rules.people_without_targets(facts, quarter, targets),
        unowned_count=unowned.count(),
        unowned_by_name=[(row["owner_name"], row["deals"]) for row in by_name[:50]],
        past_close_count=past.count(),
        past_close=list(
            past.select_related("owner").order_by("close_date", "id")[: overview.EXAMPLES]
        ),
        sdrs_without_meetings=_sdrs_without_meetings(people, data),
        stages=overview.still_unplaced(
            opportunity_runs, "stage", lambda name: _stage_known(name, aliases)
        ),
        currencies=overview.still_unplaced(
            opportunity_runs, "currency", lambda code: code.upper() in rates
        ),
        owner_run_id=overview.newest_run_asking(opportunity_runs, "owner"),
        sync_unowned=_sync_unowned(runs),
        salesforce_proposals=org_users.proposal_count(),
        sdr_run_id=overview.newest_run_asking(runs, "sdr"),
        today=day,
    )


def _sync_unowned(runs: list[ImportRun]) -> int:
    """The deals the newest sync of the week could not import for an owner matching nobody."""
    newest = next((run for run in runs if getattr(run, "sync", None)), None)
    if newest is None or newest.status == "done":
        return 0
    return sum(item["rows"] for item in (newest.unplaced or {}).get("owner", []))


def _stage_known(name: str, aliases: dict[str, str]) -> bool:
    try:
        parsers.stage_of(name, aliases)
    except ValueError:
        return False
    return True


def _sdrs_without_meetings(people: list[Person], data: QuarterData) -> list[Person]:
    """Active SDRs with no meeting held from the quarter's start to D (none before it starts)."""
    if data.as_of is None:
        return []
    held = set(
        Meeting.objects.filter(date__gte=data.quarter.start, date__lte=data.as_of, took_place=True)
        .values_list("sdr_id", flat=True)
        .distinct()
    )
    return [p for p in people if p.role == Role.SDR and p.id not in held]
