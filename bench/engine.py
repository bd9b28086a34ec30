"""Time the rules engine for many people over many opportunities on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pacer_bench \
        .venv/bin/python -m bench.engine --people 500 --opportunities 200000

Loads deterministic synthetic data with COPY (replacing what the database holds), then runs
``quarter_results`` for every person as of a mid-quarter day, live, several times.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script too
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from goals.calendar import FiscalQuarter  # noqa: E402
from goals.selectors import quarter_results  # noqa: E402
from people.models import Person  # noqa: E402

AS_OF = date(2023, 9, 15)
STAGES = ["1", "2", "3", "4", "5", "6", "won", "lost"]


def load(people: int, opportunities: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE goals_snapshot, goals_meeting, goals_opportunity, goals_targetoverride, "
            "goals_person RESTART IDENTITY CASCADE"
        )
        with cursor.copy(
            "COPY goals_person (name, email, role, sdr_segment, level, salesforce_id, "
            "is_active, start_date) FROM STDIN"
        ) as copy:
            for i in range(people):
                sdr = i % 10 >= 7
                copy.write_row(
                    (
                        f"Rep {i}",
                        f"rep{i}@bench.example",
                        "sdr" if sdr else "ae",
                        "outbound" if sdr else "",
                        "L2",
                        "",
                        True,
                        date(2021, 1, 1),
                    )
                )
        cursor.execute("SELECT id, role FROM goals_person ORDER BY id")
        rows = cursor.fetchall()
        aes = [pid for pid, role in rows if role == "ae"]
        sdrs = [pid for pid, role in rows if role == "sdr"]
        start = date(2022, 8, 1)
        with cursor.copy(
            "COPY goals_opportunity (external_id, name, owner_id, owner_name, account, type, "
            "stage, amount, close_date, created_date, sao_date, sourced_by_id, "
            "sourced_by_name, updated_at) FROM STDIN"
        ) as copy:
            for i in range(opportunities):
                created = start + timedelta(days=rng.randrange(500))
                sao = created + timedelta(days=rng.randrange(15)) if rng.random() < 0.7 else None
                copy.write_row(
                    (
                        f"006B{i:014d}",
                        f"Deal {i}",
                        rng.choice(aes),
                        "",
                        f"Account {rng.randrange(20000)}",
                        "new_business" if rng.random() < 0.6 else "expansion",
                        rng.choice(STAGES),
                        f"{rng.randrange(1000, 20000000) / 100:.2f}",
                        created + timedelta(days=rng.randrange(30, 200)),
                        created,
                        sao,
                        rng.choice(sdrs) if sao and rng.random() < 0.5 else None,
                        "",
                        "now()",
                    )
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--opportunities", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at PostgreSQL.")
    call_command("migrate", verbosity=0)
    load(args.people, args.opportunities)
    from django.conf import settings

    settings.PACER_TODAY = AS_OF
    people = list(Person.objects.all())
    quarter = FiscalQuarter.containing(AS_OF)
    timings = []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            results = quarter_results(people, quarter)
            timings.append(time.perf_counter() - started)
    print(
        f"engine: {len(results)} people, {args.opportunities:,} opportunities, "
        f"{len(queries.captured_queries)} queries; median {statistics.median(timings):.3f}s, "
        f"min {min(timings):.3f}s, max {max(timings):.3f}s over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
