"""Celery tasks: thin wrappers that parse their arguments and call one service.

Sections below belong to the nightly recompute and to imports respectively.
"""

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


# --- imports ----------------------------------------------------------------------------------
#
# One import at a time is enforced by the database (ImportRun's unique "running" status);
# late ack so a run lost with its worker is delivered again.


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_import(run_id: int) -> str:
    """Preview or commit one uploaded import (goals.importing.execute)."""
    from goals.importing import execute
    from goals.models import ImportRun

    return execute(ImportRun.objects.get(pk=run_id)).status


@shared_task
def release_stuck_imports() -> int:
    """Beat, every quarter hour: fail the runs a dead worker left mid-work (issue 19)."""
    from goals.importing.delivery import release_stuck_runs

    return release_stuck_runs()
