"""Time the pages that read the deal history, on a history like production's, without gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pacer_bench_history \
        python -m bench.history_pages [--setup] [--weeks 13] [--runs 5] [--profile]

``make bench`` times the rep and team pages on a database whose one import was taken after
every day of the quarter, so their trends read no history. Here ``--setup`` drops and
re-creates the database with ``bench.weekly``'s ``--weeks`` weekly imports of 1,000,000 deals
(5% changing a week, the last at 2023-09-15 06:00), so every day of FY24-Q3 until then has
states. Each run then prints, for the movement page and the team page of the manager of 50 and
rep000's page, the medians of the request's CPU time in this process, its wall time, its
queries and the slowest one; ``--profile`` adds each page's cProfile.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PACER_TODAY", "2023-09-15")


def setup(weeks: int, size: int) -> None:
    from bench import run, weekly

    env = dict(os.environ, PYTHONPATH=str(ROOT), MAX_UPLOAD_BYTES=str(1024**3))
    env.pop("CELERY_BROKER_URL", None)
    run.write_inputs()
    run.reset_database(env)
    weekly.import_weeks(size, weeks, env, weekly.Growth(size))
    run.run_step(run.step("recompute", run.AS_OF.isoformat()), env)
    run.vacuum_analyze(env)


def measure(runs: int, profile: bool = False) -> None:
    import cProfile
    import pstats

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.rep_page import time_requests
    from bench.steps import cookie_for
    from people.models import Person, Role

    manager = Person.objects.filter(role=Role.MANAGER).order_by("id").first()
    rep = Person.objects.get(email="rep000@bench.example")
    for name, person, url in (
        ("movement page, manager of 50", manager, f"/people/{manager.id}/movement/"),
        ("team page, manager of 50", manager, "/team/"),
        ("rep page, rep000", rep, f"/people/{rep.id}/quarter/"),
    ):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie_for(person)
        cpu, wall, queries = time_requests(client, url, runs)
        slowest = max(queries, key=lambda q: float(q["time"]))
        print(
            f"{name}: CPU {median(cpu):.0f} ms, wall {median(wall):.0f} ms, "
            f"{len(queries)} queries (medians of {runs}); slowest "
            f"{float(slowest['time']) * 1000:.0f} ms: {slowest['sql'][:160]}…"
        )
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(client.get, url)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="and each page's cProfile")
    args = parser.parse_args()
    if args.setup:
        setup(args.weeks, args.size)
    measure(args.runs, args.profile)


if __name__ == "__main__":
    main()
