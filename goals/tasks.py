"""Celery tasks: thin wrappers that parse their arguments and call one service (the nightly
recompute; imports have their own, ``imports.tasks``), and the one way to queue them.

Tasks own the queue: services never import this module; a view or command that wants work
queued calls ``enqueue_recompute``, a service that needs it sends a signal connected here."""

from datetime import date

from celery import chord, group, shared_task
from django.db import DatabaseError

from config.celery import app

from .calendar import today
from .queue import QueueUnreachable, publish
from .recompute import (
    BrokerUnavailable,
    RecomputeBusy,
    fail_run,
    recompute_day,
    recompute_range,
)
from .recompute_split import compute_part, data_mark, split_parts, start_split_run, write_parts


@shared_task
def ping() -> str:
    """A no-op that proves a worker is consuming (used by the health check and tests)."""
    return "pong"


# --- nightly recompute ------------------------------------------------------------------------


# A task that writes snapshots: redelivered if its worker dies; when another recompute holds
# the lock, or the database blinked, tried again a bounded number of times.
WRITES_SNAPSHOTS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (RecomputeBusy, DatabaseError),
    "max_retries": 5,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
}


@shared_task(bind=True, **WRITES_SNAPSHOTS)
def recompute_attainment(
    self,
    day_iso: str | None = None,
    first_iso: str | None = None,
    last_iso: str | None = None,
    nightly: bool = False,
) -> dict:
    """Recompute a day (default today) or a backfill range; the nightly run sends digests."""
    if first_iso or last_iso:
        result = recompute_range(
            date.fromisoformat(first_iso or last_iso), date.fromisoformat(last_iso or first_iso)
        )
    else:
        day = date.fromisoformat(day_iso) if day_iso else today()
        parts = split_parts() if nightly and not app.conf.task_always_eager else None
        if parts:
            return dispatch_split(day, parts)
        result = recompute_day(day, trigger="nightly" if nightly else "task", alerts=nightly)
    return {"run_id": result.run_id, "people": result.people, "rows": result.rows}


# --- the nightly recompute split by team (goals.recompute_split) -----------------------------


def dispatch_split(day: date, parts: list[list[int]]) -> dict:
    """Queue one task per part and the callback that writes them all (a chord), the data's
    mark taken first; a failed part fails the run and writes nothing."""
    mark = data_mark()
    run = start_split_run(day, len(parts))
    header = group(recompute_team.s(day.isoformat(), ids) for ids in parts)
    callback = write_teams.s(run.id, day.isoformat(), mark).on_error(team_failed.s(run.id))
    try:
        chord(header)(callback)
    except Exception as error:
        fail_run(run.id, f"the team tasks were not queued: {type(error).__name__}: {error}")
        raise
    return {"run_id": run.id, "parts": len(parts)}


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=False)
def recompute_team(day_iso: str, person_ids: list[int]) -> dict:
    """One part's rows for the day, computed, returned to the callback, written nowhere."""
    return compute_part(date.fromisoformat(day_iso), person_ids)


@shared_task(**WRITES_SNAPSHOTS)
def write_teams(parts: list[dict], run_id: int, day_iso: str, mark: str) -> dict:
    """The chord's callback: every part's rows in one transaction, under the lock."""
    result = write_parts(run_id, date.fromisoformat(day_iso), mark, parts)
    return {"run_id": result.run_id, "people": result.people, "rows": result.rows}


@shared_task
def team_failed(request, exc, traceback, run_id: int) -> None:
    """The chord's error callback: a part failed, so nothing was written; the run says so."""
    fail_run(run_id, f"a team task failed, nothing written: {type(exc).__name__}: {exc}")


def enqueue_recompute(day: date | None = None) -> str:
    """Queue a recompute of ``day`` (default today) and return the task id; raise
    ``BrokerUnavailable`` within a few seconds when the broker cannot be reached."""
    if app.conf.task_always_eager:
        # No broker (the embedded set-up): run in-process, now.
        return str(recompute_day(day or today(), trigger="task").run_id)
    kwargs = {"day_iso": day.isoformat() if day else None}
    try:
        return publish(recompute_attainment, kwargs=kwargs)
    except QueueUnreachable as error:
        raise BrokerUnavailable(
            "The task queue (Redis) is unreachable, so the recompute was not queued. "
            "Pages still show today's figures; try again later."
        ) from error
