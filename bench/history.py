"""Weekly exports for the history benchmarks: each week 5% of the deals change.

``next_week(src, dst, fraction, seed)`` writes the export of the following week: the same deals,
a ``fraction`` of them changed the way pipelines change (a stage forward, won or lost, the
amount revised, the close date pushed), the rest byte-identical. ``moment(week, weeks)`` is the
moment export ``week`` of ``weeks`` was taken: one a week, the last at ``AS_OF`` 06:00.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.synthetic import STAGES, _money, _us

STAGE, AMOUNT, CLOSE = 5, 6, 8  # columns of OPPORTUNITY_HEADER


def moment(week: int, weeks: int, as_of: date, zone: str) -> datetime:
    day = as_of - timedelta(weeks=weeks - 1 - week)
    return datetime.combine(day, time(6, 0), tzinfo=ZoneInfo(zone))


def _parse_us(text: str) -> date:
    month, day, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def change(row: list[str], rng: random.Random) -> list[str]:
    """One deal's change of a week: a stage forward, won or lost, the amount, or a push."""
    row = list(row)
    stage, kind = row[STAGE], rng.random()
    if stage in STAGES[:6] and kind < 0.3:
        row[STAGE] = STAGES[STAGES.index(stage) + 1]  # from 6 - Negotiation: Closed Won
    elif stage in STAGES[:6] and kind < 0.5:
        row[STAGE] = rng.choice(STAGES[6:])
    elif kind < 0.75:
        row[AMOUNT] = _money(rng.randrange(100_000, 25_000_000))
    else:
        row[CLOSE] = _us(_parse_us(row[CLOSE]) + timedelta(days=rng.randrange(7, 60)))
    return row


def next_week(src: Path, dst: Path, fraction: float = 0.05, seed: int = 0) -> int:
    """Write ``dst``: ``src`` with ``fraction`` of its deals changed; returns how many."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    changed = 0
    with (
        src.open(newline="", encoding="utf-8") as source,
        dst.open("w", newline="", encoding="utf-8") as target,
    ):
        reader, writer = csv.reader(source), csv.writer(target)
        writer.writerow(next(reader))
        for row in reader:
            if rng.random() < fraction:
                new = change(row, rng)
                changed += new != row
                row = new
            writer.writerow(row)
    return changed
