"""The recompute: every active person's figures for a day, stored as that day's snapshots.

RULES.md, Snapshots: recomputing a day replaces that day's rows, so running it twice (or two
schedulers firing the same night) leaves one identical set. Figures come from the one engine
(``goals.selectors.quarter_results``); nothing here decides a number.

Point-in-time metrics (``weighted_pipeline``) describe the data as last imported, so they are
written only for the live day (today); recomputing an earlier day rewrites its year- and
quarter-to-date rows and leaves its point-in-time rows as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from people.models import Person, Role

from . import rules
from .calendar import FiscalQuarter, today
from .models import CoachingDigest, CoachingStatus, MetricKind, RecomputeRun, Snapshot
from .movement_digest import send_weekly_digests
from .selectors import metric_defs, quarter_results_by_day

logger = logging.getLogger(__name__)

# pg_advisory_lock key: one recompute at a time across every worker, beat and CLI.
LOCK_KEY = 7_400_001
VALUE_PLACES = Decimal("0.0001")  # Snapshot.value/target/pace: 4 decimal places
ATTAINMENT_PLACES = Decimal("0.01")  # Snapshot.attainment: 2 decimal places


# Sent inside the recompute's transaction when today (the live day) was recomputed, with
# ``day``: point-in-time figures of other apps (OKRs' linked key results) refresh on it, so
# the recompute never imports them.
live_day_recomputed = Signal()
# Sent with ``run`` when every row of a recompute is written but not yet committed (the last
# moment a crash must leave nothing behind; the fault tests stop a worker there).
recompute_written = Signal()


class RecomputeError(Exception):
    """A recompute could not be done; the message says why, for a person to read."""


class RecomputeBusy(RecomputeError):
    """Another recompute holds the lock; try again later."""


class BrokerUnavailable(RecomputeError):
    """The task queue (Redis) cannot be reached, so nothing was queued."""


@dataclass(frozen=True)
class RecomputeResult:
    """What a run did: its id, the days recomputed, people, snapshot rows and digests."""

    run_id: int
    days: tuple[date, ...]
    people: int
    rows: int
    digests: int = 0


# --- the service -------------------------------------------------------------------------------


def recompute_day(day: date, *, trigger: str = "manual", alerts: bool = False) -> RecomputeResult:
    """Recompute one day (today is live; an earlier day keeps its point-in-time rows).

    ``alerts`` sends the managers' coaching digests for the day (the nightly run).
    """
    return recompute_range(day, day, trigger=trigger, alerts=alerts)


def recompute_range(
    first: date, last: date, *, trigger: str = "backfill", alerts: bool = False
) -> RecomputeResult:
    """Recompute every day from ``first`` to ``last`` inclusive, in one transaction."""
    if first > last:
        raise RecomputeError(f"the range starts ({first}) after it ends ({last})")
    if last > today():
        raise RecomputeError(f"{last} is in the future: there is nothing to recompute yet")
    days = tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
    with recompute_lock():
        run = _start_run(first, last, trigger)
        result = complete_run(run, days, lambda: write_days(days), alerts=alerts)
    after_run(days[-1], alerts=alerts)
    return result


def complete_run(
    run: RecomputeRun, days: Sequence[date], write: Callable[[], tuple[int, int]], *, alerts: bool
) -> RecomputeResult:
    """Under the lock: ``write`` the rows (people, rows), and the digests, in one transaction,
    then mark ``run`` succeeded; any failure marks it failed, with nothing written."""
    try:
        with transaction.atomic():
            people, rows = write()
            if today() in days:
                # Linked OKR key results are point-in-time too: recorded for today only.
                live_day_recomputed.send(sender=RecomputeRun, day=today())
            digests = _store_digests(days[-1]) if alerts else []
            recompute_written.send(sender=RecomputeRun, run=run)
    except BaseException as error:  # also a soft time limit: the run must say it failed
        _finish_run(run, RecomputeRun.Status.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    _finish_run(run, RecomputeRun.Status.SUCCEEDED, people=people, rows=rows)
    return RecomputeResult(run.id, tuple(days), people, rows, len(digests))


def after_run(day: date, *, alerts: bool) -> None:
    """Once a run is committed: mail the coaching digests; a nightly run (``alerts``) also
    sends the managers' weekly movement digests on ``MOVEMENT_DIGEST_WEEKDAY``."""
    send_pending_digests()
    if alerts:
        send_weekly_digests(day)


def write_days(days: Sequence[date]) -> tuple[int, int]:
    """Every active AE's and SDR's rows for ``days`` (people, snapshot rows), unlocked: the
    caller holds the lock and the transaction."""
    people = list(
        Person.objects.filter(is_active=True, role__in=(Role.AE, Role.SDR)).order_by("id")
    )
    point_metrics = {m.code for m in metric_defs().values() if m.kind == MetricKind.POINT_IN_TIME}
    by_quarter: dict[FiscalQuarter, list[date]] = {}
    for day in days:
        by_quarter.setdefault(FiscalQuarter.containing(day), []).append(day)
    rows = 0
    for quarter, quarter_days in by_quarter.items():
        # One load of the engine's inputs per quarter, however many days.
        for day, results in quarter_results_by_day(people, quarter, quarter_days).items():
            rows += _replace_day(day, results, live=day == today(), point_metrics=point_metrics)
    return len(people), rows


def _replace_day(
    day: date, results: Sequence[rules.PersonQuarter], *, live: bool, point_metrics: set[str]
) -> int:
    """Delete and re-insert one day's snapshot and coaching rows."""
    # RULES.md: point-in-time values are only recorded for the day they are seen.
    kept = set() if live else point_metrics
    return store_day(day, *day_rows(day, results, kept=kept), kept=kept)


def day_rows(
    day: date, results: Sequence[rules.PersonQuarter], *, kept: set[str]
) -> tuple[list[Snapshot], list[CoachingStatus]]:
    """One day's snapshot and coaching rows from the engine's results, unsaved."""
    snapshots = [
        Snapshot(
            person_id=result.person.id,
            metric_id=figure.metric,
            date=day,
            value=_stored(figure.value, VALUE_PLACES),
            target=_stored(figure.target, VALUE_PLACES),
            pace=_stored(figure.pace, VALUE_PLACES),
            attainment=_stored(figure.attainment, ATTAINMENT_PLACES),
        )
        for result in results
        for figure in result.figures
        if figure.metric not in kept
    ]
    statuses = [
        CoachingStatus(
            person_id=result.person.id,
            date=day,
            on_target=result.coaching("target"),
            on_pace=result.coaching("pace"),
        )
        for result in results
    ]
    return snapshots, statuses


def store_day(
    day: date, snapshots: list[Snapshot], statuses: list[CoachingStatus], *, kept: set[str]
) -> int:
    """Replace ``day``'s rows (but the ``kept`` metrics') by these; the snapshots written."""
    Snapshot.objects.filter(date=day).exclude(metric_id__in=kept).delete()
    Snapshot.objects.bulk_create(snapshots, batch_size=2000)
    CoachingStatus.objects.filter(date=day).delete()
    CoachingStatus.objects.bulk_create(statuses, batch_size=2000)
    return len(snapshots)


def _stored(value: Decimal | None, places: Decimal) -> Decimal | None:
    # The engine keeps exact decimals; a snapshot column has fixed places.
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP)


# --- coaching digests ------------------------------------------------------------------------


def coaching_changes(day: date, basis: str) -> dict[int, list[dict[str, object]]]:
    """Flags that turned on or off on ``day`` since the previous recorded day, by manager id."""
    previous_day = (
        CoachingStatus.objects.filter(date__lt=day).order_by("-date").values_list("date", flat=True)
    ).first()
    if previous_day is None:
        return {}
    before = {s.person_id: s.flag(basis) for s in CoachingStatus.objects.filter(date=previous_day)}
    changes: dict[int, list[dict[str, object]]] = {}
    now = CoachingStatus.objects.filter(date=day, person__manager__isnull=False).select_related(
        "person"
    )
    for status in now.order_by("person__name", "person_id"):
        flagged = status.flag(basis)
        if status.person_id not in before or before[status.person_id] == flagged:
            continue
        changes.setdefault(status.person.manager_id, []).append(
            {
                "person_id": status.person_id,
                "name": status.person.name,
                "email": status.person.email,
                "flagged": flagged,
            }
        )
    return changes


def _store_digests(day: date) -> list[CoachingDigest]:
    """One digest per manager with changes on ``day``; a re-run of the day updates it."""
    basis = settings.COACHING_BASIS
    digests = []
    for manager_id, changes in coaching_changes(day, basis).items():
        digest, _ = CoachingDigest.objects.update_or_create(
            manager_id=manager_id, date=day, defaults={"basis": basis, "changes": changes}
        )
        digests.append(digest)
    return digests


def digest_text(digest: CoachingDigest) -> str:
    """The digest as plain text, for the e-mail body."""
    lines = [
        f"Coaching flag changes on {digest.date.isoformat()} (basis: {digest.basis}):",
        "",
    ]
    for change in digest.changes:
        state = "now flagged for coaching" if change["flagged"] else "no longer flagged"
        lines.append(f"- {change['name']} <{change['email']}>: {state}")
    return "\n".join(lines) + "\n"


def send_pending_digests() -> int:
    """E-mail every stored digest not yet sent (once per manager and day)."""
    sent = 0
    for digest in CoachingDigest.objects.filter(emailed_at__isnull=True).select_related("manager"):
        try:
            send_mail(
                subject=f"Pacer: coaching changes in your team on {digest.date.isoformat()}",
                message=digest_text(digest),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[digest.manager.email],
            )
        except Exception:
            # The digest is kept and shown in Pacer; the next run tries the mail again.
            logger.exception("coaching digest %s not mailed", digest.id)
            continue
        CoachingDigest.objects.filter(id=digest.id).update(emailed_at=timezone.now())
        sent += 1
    return sent


# --- runs, the lock, the queue ---------------------------------------------------------------


def _start_run(first: date, last: date, trigger: str) -> RecomputeRun:
    # Under the lock nobody else is running: a run still marked running died with its process.
    # A split run computes its teams without the lock: it is dead once older than the broker's
    # visibility timeout (by then every one of its tasks was redelivered or finished).
    young = timezone.now() - timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    RecomputeRun.objects.filter(status=RecomputeRun.Status.RUNNING).exclude(
        parts__gt=0, started_at__gt=young
    ).update(status=RecomputeRun.Status.ABANDONED, finished_at=timezone.now())
    return RecomputeRun.objects.create(first_day=first, last_day=last, trigger=trigger)


def _finish_run(run: RecomputeRun, status: str, *, people=0, rows=0, error="") -> None:
    RecomputeRun.objects.filter(id=run.id).update(
        status=status, finished_at=timezone.now(), people=people, rows=rows, error=error[:2000]
    )


def fail_run(run_id: int, error: str) -> None:
    """Mark a run failed (a split run whose team task failed): nothing of it was written."""
    _finish_run(RecomputeRun(id=run_id), RecomputeRun.Status.FAILED, error=error)


@contextmanager
def recompute_lock() -> Iterator[None]:
    """One recompute at a time: a PostgreSQL session advisory lock, released by PostgreSQL
    itself if the process dies. SQLite (the embedded set-up) serialises writers anyway."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        (acquired,) = cursor.fetchone()
    if not acquired:
        raise RecomputeBusy("another recompute is running; try again when it has finished")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


# --- reads for pages ---------------------------------------------------------------------------


def last_recomputed():
    """When the last successful recompute finished (one query), or None."""
    return (
        RecomputeRun.objects.filter(status=RecomputeRun.Status.SUCCEEDED, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def coaching_digests(manager: Person | None, *, everyone: bool = False, limit: int = 30):
    """The most recent digests of ``manager`` (or of every manager for an admin)."""
    digests = CoachingDigest.objects.select_related("manager").order_by("-date", "manager__name")
    if not everyone:
        digests = digests.filter(manager=manager) if manager else digests.none()
    return digests[:limit]
