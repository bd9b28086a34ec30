"""Celery tasks: thin wrappers that parse their arguments and call one service (the nightly
recompute; imports have their own, ``imports.tasks``)."""

from datetime import date

from celery import shared_task
from django.db import DatabaseError

from .calendar import today
from .recompute import RecomputeBusy, recompute_day, recompute_range


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
