"""The admin overview's cards as plain data: the last week's imports and syncs, the data
problems with the Pacer page that fixes each, and the company's quarter per role.

Plain functions over what ``overview_data`` loaded (model rows and the engine's results); no
query here. URLs are built with ``reverse``, which reads no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse

from goals import rules
from goals.calendar import FiscalQuarter

EXAMPLES = 5  # a problem names its first few records, so the count is not a bare number


@dataclass(frozen=True)
class ImportLine:
    """One upload or sync of the last week: what, its status, rows, who, when, its summary."""

    what: str
    file_name: str
    status: str
    failed: bool
    rows_in_file: int
    rows_written: int
    who: str
    when: datetime
    url: str | None


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class DataProblem:
    """Records an admin should fix: how many, the first few, and the pages that fix them."""

    key: str
    title: str
    count: int
    fixes: tuple[Link, ...]
    examples: tuple[tuple[str, str | None], ...] = ()
    more: str = ""  # what the count means beyond the examples


@dataclass(frozen=True)
class Unplaced:
    """A stage or currency an import of the week could not place, still unmapped today."""

    text: str
    rows: int
    run_id: int


@dataclass(frozen=True)
class OverviewInputs:
    """What the data problems are computed from (``overview_data.load_inputs``)."""

    quarter: FiscalQuarter
    as_of: date | None
    without_manager: Sequence  # Person rows
    without_targets: Sequence[rules.PersonFacts]
    unowned_count: int
    unowned_by_name: Sequence[tuple[str, int]]
    past_close_count: int
    past_close: Sequence  # Opportunity rows, owner loaded
    sdrs_without_meetings: Sequence  # Person rows; empty for a quarter not yet started
    stages: Sequence[Unplaced]
    currencies: Sequence[Unplaced]
    owner_run_id: int | None  # the newest run of the week whose preview asks about owners
    sync_unowned: int  # deals the newest sync could not import: their owners match nobody
    salesforce_proposals: int  # active users of the org matching no person
    sdr_run_id: int | None  # … about meeting holders
    today: date


def import_lines(runs: Iterable, syncs_without_run: Iterable) -> list[ImportLine]:
    """The week's ImportRun rows (a sync's run says so) and the syncs that failed before they
    had a run, newest first."""
    lines = [_run_line(run) for run in runs]
    lines += [_sync_line(sync) for sync in syncs_without_run]
    return sorted(lines, key=lambda line: line.when, reverse=True)


def _run_line(run) -> ImportLine:
    sync = getattr(run, "sync", None)
    what = "Salesforce sync" if sync else run.get_kind_display()
    if not run.commit and not sync:
        what += " (preview)"
    who = "Salesforce sync" if sync else (run.user.get_username() if run.user else "command")
    return ImportLine(
        what=what,
        file_name=run.file_name,
        status=run.get_status_display(),
        failed=run.status in ("rejected", "failed"),
        rows_in_file=run.rows_in_file,
        rows_written=run.rows_written,
        who=who,
        when=run.created_at,
        url=reverse("import_detail", args=[run.pk]),
    )


def _sync_line(sync) -> ImportLine:
    return ImportLine(
        what="Salesforce sync",
        file_name=sync.message[:120],
        status=sync.get_status_display(),
        failed=sync.status == "failed",
        rows_in_file=sync.read,
        rows_written=0,
        who="Salesforce sync",
        when=sync.started_at,
        url=None,
    )


def still_unplaced(runs: Iterable, what: str, known: Callable[[str], bool]) -> list[Unplaced]:
    """The ``what`` values ("stage", "currency") the runs' previews could not place that are
    still unknown today, each once, from the newest run naming it."""
    found: dict[str, Unplaced] = {}
    for run in runs:  # newest first
        for item in (run.unplaced or {}).get(what, []):
            text = item["text"]
            if text not in found and not known(text):
                found[text] = Unplaced(text, item["rows"], run.pk)
    return list(found.values())


def newest_run_asking(runs: Iterable, what: str) -> int | None:
    """The newest run whose preview's Set-up asks about ``what`` (owners, meeting holders)."""
    return next((run.pk for run in runs if (run.unplaced or {}).get(what)), None)


def _person_links(people, quarter: FiscalQuarter) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (p.name, f"{reverse('roster_person', args=[p.id])}?quarter={quarter.label}")
        for p in list(people)[:EXAMPLES]
    )


def _setup(run_id: int | None, otherwise: Link) -> Link:
    if run_id is None:
        return otherwise
    return Link(f"Answer import #{run_id}'s Set-up", reverse("import_detail", args=[run_id]))


def data_problems(data: OverviewInputs) -> list[DataProblem]:
    """Every kind of problem, in a fixed order, with its count (0: nothing to fix)."""
    return [
        _without_manager(data),
        _without_targets(data),
        _unowned(data),
        _unmapped(data.stages, "stages", "Stage names not mapped", "#stage-mapping"),
        _unmapped(data.currencies, "currencies", "Currencies without a rate", "#currency-rates"),
        _past_close(data),
        _without_meetings(data),
    ]


def _without_manager(data: OverviewInputs) -> DataProblem:
    return DataProblem(
        "without-manager",
        "People without a manager",
        len(data.without_manager),
        (Link("Set their manager on People", reverse("roster")),),
        _person_links(data.without_manager, data.quarter),
    )


def _without_targets(data: OverviewInputs) -> DataProblem:
    label = data.quarter.label
    return DataProblem(
        "without-targets",
        f"Reps without a target in {label}",
        len(data.without_targets),
        (Link(f"Set {label}'s targets", f"{reverse('targets')}?quarter={label}"),),
        _person_links(data.without_targets, data.quarter),
    )


def _unowned(data: OverviewInputs) -> DataProblem:
    add = Link("Add the person to People", reverse("roster_new"))
    fixes = (_setup(data.owner_run_id, add), add) if data.owner_run_id else (add,)
    examples = tuple(
        (f"{name or '(blank)'}: {deals} deal{'s' if deals != 1 else ''}", None)
        for name, deals in data.unowned_by_name[:EXAMPLES]
    )
    if data.sync_unowned or data.salesforce_proposals:
        users = Link("Add the org's users who match nobody", reverse("salesforce_users"))
        fixes = (users, *fixes)
    if data.sync_unowned:
        waiting = f"the Salesforce sync: {data.sync_unowned} deal(s) not imported"
        examples = ((waiting, reverse("salesforce_users")), *examples)[:EXAMPLES]
    return DataProblem(
        "unowned",
        "Deals whose owner matches nobody",
        data.unowned_count + data.sync_unowned,
        fixes,
        examples,
        "owner as exported",
    )


def _unmapped(found: Sequence[Unplaced], key: str, title: str, anchor: str) -> DataProblem:
    where = "Map them to 1–6, won or lost" if key == "stages" else "Give each a rate"
    fixes = (Link(where, reverse("import_mappings") + anchor),)
    if found:
        fixes += (_setup(found[0].run_id, fixes[0]),)
    return DataProblem(
        key,
        title,
        len(found),
        fixes,
        tuple((f"{u.text} ({u.rows} rows, import #{u.run_id})", None) for u in found[:EXAMPLES]),
        "seen by the last week's imports",
    )


def _past_close(data: OverviewInputs) -> DataProblem:
    return DataProblem(
        "past-close",
        "Open deals with a close date in the past",
        data.past_close_count,
        (Link("Fix the close dates in Salesforce, then import", reverse("imports")),),
        tuple(
            (
                f"{o.name or o.external_id} · {o.owner.name if o.owner else o.owner_name}"
                f" · {o.close_date:%Y-%m-%d}",
                reverse("deal_timeline", args=[o.external_id]),
            )
            for o in data.past_close[:EXAMPLES]
        ),
        f"before {data.today:%Y-%m-%d}",
    )


def _without_meetings(data: OverviewInputs) -> DataProblem:
    imports = Link("Import the meetings export", reverse("imports"))
    fixes = (_setup(data.sdr_run_id, imports), imports) if data.sdr_run_id else (imports,)
    return DataProblem(
        "without-meetings",
        f"SDRs without meetings in {data.quarter.label}",
        len(data.sdrs_without_meetings),
        fixes,
        _person_links(data.sdrs_without_meetings, data.quarter),
        f"held up to {data.as_of:%Y-%m-%d}" if data.as_of else "",
    )
