"""Time the rep page (/people/<id>/quarter/) on the page benchmark's data, without gunicorn or wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pacer_bench_rep \
        python -m bench.rep_page [--setup] [--runs 15] [--profile]

``--setup`` drops and re-creates that database with ``bench.run``'s page data (200,000
opportunities on manager 0's team; rep000 owns 4,484 of them), once. Each run then prints,
for two AEs and an SDR, the medians of the request's CPU time in this process (Django), its
wall time and the number of queries; ``--profile`` adds rep000's cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PACER_TODAY", "2023-09-15")

PEOPLE = ("rep000@bench.example", "rep001@bench.example", "sdr00@bench.example")


def setup(size: int) -> None:
    """The page benchmark's data, loaded as ``make bench`` loads it."""
    from bench import run

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("CELERY_BROKER_URL", None)
    run.write_inputs()
    run.load_page_data(size, env)


def time_requests(client, url: str, runs: int) -> tuple[list[float], list[float], list[dict]]:
    """``url`` fetched ``runs`` times after one warm-up: each request's CPU time in this
    process and wall time in ms, and the last request's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200  # warm
    cpu, wall = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return cpu, wall, queries.captured_queries


def measure(runs: int, profile: bool) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.steps import cookie_for
    from people.models import Person

    for email in PEOPLE:
        person = Person.objects.get(email=email)
        url = f"/people/{person.id}/quarter/"
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie_for(person)
        cpu, wall, queries = time_requests(client, url, runs)
        print(
            f"{email}: CPU {median(cpu):.1f} ms, wall {median(wall):.1f} ms, "
            f"{len(queries)} queries (medians of {runs})"
        )
        if profile and email == PEOPLE[0]:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                client.get(url)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"(reports|goals)/", 30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--opportunities", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.setup:
        setup(args.opportunities)
    measure(args.runs, args.profile)


if __name__ == "__main__":
    main()
