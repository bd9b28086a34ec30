"""The nightly recompute of a large org, split by team so several workers share it.

``goals.tasks`` runs it as a Celery chord: each team task computes the snapshot rows of a part
(whole teams, about ``RECOMPUTE_PART_PEOPLE`` people) without writing anything, and returns
them as plain JSON (decimals as strings); one callback writes every part's rows in one
transaction under the recompute lock (``goals.recompute.complete_run``), exactly as the single
task would. A team task that fails leaves every snapshot as it was and the run failed.

The team tasks read at different moments. So the run records the data's mark when it starts
(``data_mark``: what every import, sync and admin edit changes) and the callback compares it
under the lock: when data changed in between, the parts may disagree, and the callback
recomputes the day in one task instead (the run's note says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import groupby

from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Count, Max
from django.dispatch import Signal

from people.models import Person, Role

from .calendar import FiscalQuarter, today
from .history_models import OpportunityState
from .models import CoachingStatus, Meeting, MetricKind, Opportunity, RecomputeRun, Snapshot
from .recompute import (
    RecomputeResult,
    after_run,
    complete_run,
    day_rows,
    recompute_lock,
    store_day,
    write_days,
)
from .selectors import metric_defs, quarter_results_by_day

# Sent with ``person_ids`` before a part's figures are computed (the fault tests fail a part).
part_computing = Signal()
SNAPSHOT_FIELDS = ("value", "target", "pace", "attainment")
REDONE = "data changed while the teams were computed: recomputed in one task"


def team_parts(people: Sequence[tuple[int, int | None]], size: int) -> list[list[int]]:
    """(person id, manager id) pairs in parts of whole teams (people of one manager), teams
    in manager order packed until a part has ``size`` people; a larger team is a part alone."""
    ordered = sorted(people, key=lambda pair: (pair[1] or 0, pair[0]))
    parts: list[list[int]] = []
    current: list[int] = []
    for _, members in groupby(ordered, key=lambda pair: pair[1]):
        team = [person_id for person_id, _ in members]
        if current and len(current) + len(team) > size:
            parts.append(current)
            current = []
        current += team
    if current:
        parts.append(current)
    return parts


def split_parts() -> list[list[int]] | None:
    """The active AEs and SDRs in parts of whole teams, or None when the org has fewer than
    ``RECOMPUTE_SPLIT_PEOPLE`` of them (one task does it then)."""
    people = list(
        Person.objects.filter(is_active=True, role__in=(Role.AE, Role.SDR)).values_list(
            "id", "manager_id"
        )
    )
    if len(people) < max(1, settings.RECOMPUTE_SPLIT_PEOPLE):
        return None
    return team_parts(people, max(1, settings.RECOMPUTE_PART_PEOPLE))


def data_mark() -> str:
    """What every import, sync and admin edit changes, as one string: the audit trail (each
    import and each edit of targets, stages or people adds an entry after committing), the
    deal history, the deals and the meetings."""
    audit = LogEntry.objects.aggregate(n=Count("id"), last=Max("id"))
    states = OpportunityState.objects.aggregate(last=Max("id"))
    deals = Opportunity.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    meetings = Meeting.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (
        f"audit {audit['n']}/{audit['last']} states {states['last']} "
        f"deals {deals['n']}/{deals['last']} meetings {meetings['n']}/{meetings['last']}"
    )


def start_split_run(day: date, parts: int) -> RecomputeRun:
    """The nightly run's record, running while its team tasks compute."""
    return RecomputeRun.objects.create(first_day=day, last_day=day, trigger="nightly", parts=parts)


def _kept(day: date) -> set[str]:
    # As the single task: an earlier day keeps its point-in-time rows.
    if day == today():
        return set()
    return {m.code for m in metric_defs().values() if m.kind == MetricKind.POINT_IN_TIME}


def compute_part(day: date, person_ids: Sequence[int]) -> dict[str, list]:
    """One part's rows for ``day``, written nowhere: ``snapshots`` [person, metric, value,
    target, pace, attainment] (decimals as strings) and ``coaching`` [person, on target, on
    pace]."""
    part_computing.send(sender=RecomputeRun, person_ids=list(person_ids))
    people = list(Person.objects.filter(id__in=person_ids).order_by("id"))
    results = quarter_results_by_day(people, FiscalQuarter.containing(day), [day])[day]
    snapshots, statuses = day_rows(day, results, kept=_kept(day))
    return {
        "snapshots": [
            [s.person_id, s.metric_id, *(_text(getattr(s, name)) for name in SNAPSHOT_FIELDS)]
            for s in snapshots
        ],
        "coaching": [[c.person_id, c.on_target, c.on_pace] for c in statuses],
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _store_parts(day: date, parts: Sequence[dict[str, list]]) -> tuple[int, int]:
    """Every part's rows, in the single task's order (by person), as ``day``'s rows."""
    rows = sorted((row for part in parts for row in part["snapshots"]), key=lambda r: r[0])
    coaching = sorted((row for part in parts for row in part["coaching"]), key=lambda r: r[0])
    snapshots = [
        Snapshot(
            person_id=row[0],
            metric_id=row[1],
            date=day,
            **{name: _number(text) for name, text in zip(SNAPSHOT_FIELDS, row[2:], strict=True)},
        )
        for row in rows
    ]
    statuses = [
        CoachingStatus(person_id=person, date=day, on_target=target, on_pace=pace)
        for person, target, pace in coaching
    ]
    return len(statuses), store_day(day, snapshots, statuses, kept=_kept(day))


def write_parts(
    run_id: int, day: date, mark: str, parts: Sequence[dict[str, list]], *, alerts: bool = True
) -> RecomputeResult:
    """The callback: under the lock, in one transaction, every part's rows (or, when the data
    changed since the run started, the whole day recomputed in one task), then the digests."""
    with recompute_lock():
        run = RecomputeRun.objects.get(id=run_id)
        redo = data_mark() != mark
        write = (lambda: write_days((day,))) if redo else (lambda: _store_parts(day, parts))
        result = complete_run(run, (day,), write, alerts=alerts)
        if redo:
            RecomputeRun.objects.filter(id=run_id).update(note=REDONE)
    after_run(day, alerts=alerts)
    return result
