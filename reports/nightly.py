"""The nightly recompute on the admin overview: the last run and when the next one starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from goals.models import RecomputeRun


@dataclass(frozen=True)
class NightlyRun:
    """The last nightly run (None: never ran) and the next scheduled start."""

    last: RecomputeRun | None
    next_start: datetime

    @property
    def duration(self) -> timedelta | None:
        if self.last is None or self.last.finished_at is None:
            return None
        return self.last.finished_at - self.last.started_at


def next_start(now: datetime, at: str) -> datetime:
    """The next moment ``at`` ("HH:MM", in ``now``'s zone) after ``now``."""
    hour, minute = (int(part) for part in at.split(":"))
    start = datetime.combine(now.date(), time(hour, minute), tzinfo=now.tzinfo)
    return start if start > now else start + timedelta(days=1)


def nightly_run() -> NightlyRun:
    """The last run the nightly schedule started (one query) and the next one."""
    last = RecomputeRun.objects.filter(trigger="nightly").order_by("-started_at").first()
    now = timezone.localtime()
    return NightlyRun(last, next_start(now, settings.NIGHTLY_RECOMPUTE_TIME))
