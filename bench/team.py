"""Time the team page (/team/) on the page benchmark's data, without gunicorn or wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pacer_bench_team \
        python -m bench.team [--setup] [--runs 15]

``--setup`` drops and re-creates that database with ``bench.run``'s page data (200,000
opportunities on manager 0's team of 50, a manager of 2), once. Each run then prints, for
the manager of 50 and the manager of 2, the medians of the request's CPU time in this
process (Django), its wall time, the time spent in SQL and the number of queries, and the
slowest queries of the last request.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PACER_TODAY", "2023-09-15")


def setup(size: int) -> None:
    """The page benchmark's data, loaded as ``make bench`` loads it."""
    from bench import run

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("CELERY_BROKER_URL", None)
    run.write_inputs()
    run.load_page_data(size, env)


def measure(runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.steps import cookie_for
    from people.models import Person

    for email in ("manager0@bench.example", "manager-small@bench.example"):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie_for(Person.objects.get(email=email))
        assert client.get("/team/").status_code == 200  # warm
        cpu, wall, sql, counts = [], [], [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get("/team/")
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            counts.append(len(queries.captured_queries))
        print(
            f"{email}: CPU {median(cpu):.0f} ms, wall {median(wall):.0f} ms, "
            f"SQL {median(sql):.0f} ms, {counts[-1]} queries (medians of {runs})"
        )
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]
        for q in slowest:
            print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--opportunities", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if args.setup:
        setup(args.opportunities)
    measure(args.runs)


if __name__ == "__main__":
    main()
