"""Celery tasks: thin wrappers that parse their arguments and call one service (the nightly
recompute; imports have their own, ``imports.tasks``), and the one way to queue them.

Tasks own the queue: services never import this module; a view or command that wants work
queued calls ``enqueue_recompute``, a service that needs it sends a signal connected here."""

from datetime import date

from celery import shared_task
from django.db import DatabaseError

from config.celery import app

from .calendar import today
from .queue import QueueUnreachable, publish
from .recompute import BrokerUnavailable, RecomputeBusy, recompute_day, recompute_range


@shared_task
def ping() -> str:
    """A no-op that proves a worker is consuming (used by the health check and tests)."""
    return "pong"


# --- nightly recompute ------------------------------------------------------------------------


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # Another recompute holds the lock, or the database blinked: try again, a bounded number
    # of times.
    autoretry_for=(RecomputeBusy, DatabaseError),
    max_retries=5,
    retry_backoff=30,
    retry_backoff_max=600,
)
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
        result = recompute_day(day, trigger="nightly" if nightly else "task", alerts=nightly)
    return {"run_id": result.run_id, "people": result.people, "rows": result.rows}


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
