"""The nightly recompute through real Celery workers: one task, then split by team (issue 20)
with 1 and with 2 worker processes (``--concurrency 1`` each), on the database as it is.

    DATABASE_URL=… python -m bench.nightly [--size 20000] [--people 200] [--part-people 50]
    python -m bench.nightly --measure single|split WORKERS                 # one measurement

Alone, it loads its own data first (``bench.scale.load_size``); ``bench.run`` and
``bench.scale`` call ``measure`` on the database they have just loaded (parts of the settings'
``RECOMPUTE_PART_PEOPLE``). Each measurement runs in its own process, starts its workers on
the benchmark's Redis database, queues the nightly task and times it until its run has
finished (queueing, the team tasks, the callback's write): wall time, so it includes what a
worker costs to pick a task up. Each also hashes the day's snapshots, so the split is checked
to write exactly the single task's rows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MODES = (("single", 1), ("split", 1), ("split", 2))
TEAM_TASK = "goals.tasks.recompute_team["


def start_workers(count: int, split: bool, logs: Path) -> list[tuple[subprocess.Popen, Path]]:
    """``count`` worker processes (solo pool, concurrency 1), ready to consume."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env["RECOMPUTE_SPLIT_PEOPLE"] = "1" if split else str(10**9)
    workers = []
    for index in range(count):
        log = logs / f"worker{index}.log"
        process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=INFO", "-n", f"bench{index}@%h"],
            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        workers.append((process, log))
    deadline = time.monotonic() + 120
    while not all(b"ready." in log.read_bytes() for _, log in workers):
        if time.monotonic() > deadline:
            raise SystemExit("the bench workers did not start:\n" + workers[0][1].read_text())
        time.sleep(0.1)
    return workers


def team_tasks_run(log: str) -> int:
    return sum(1 for line in log.splitlines() if TEAM_TASK in line and "succeeded" in line)


def snapshot_hash(day) -> str:
    from goals.models import Snapshot

    rows = Snapshot.objects.filter(date=day).order_by("person_id", "metric_id")
    digest = hashlib.sha256()
    fields = ("person_id", "metric_id", "value", "target", "pace", "attainment")
    for row in rows.values_list(*fields).iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def measure_one(mode: str, count: int) -> dict[str, object]:
    """Start the workers, queue the nightly task, wait for its run; the figures."""
    import tempfile

    import django

    django.setup()
    import redis
    from django.conf import settings

    from goals.calendar import today
    from goals.models import RecomputeRun
    from goals.tasks import recompute_attainment

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    with tempfile.TemporaryDirectory() as folder:
        workers = start_workers(count, mode == "split", Path(folder))
        try:
            before = RecomputeRun.objects.order_by("-id").values_list("id", flat=True).first()
            started = time.perf_counter()
            recompute_attainment.delay(nightly=True)
            run = wait_for_run(before or 0)
            seconds = time.perf_counter() - started
            team_tasks = [team_tasks_run(log.read_text()) for _, log in workers]
        finally:
            for process, _ in workers:
                process.terminate()
                process.wait(timeout=60)
    if run.status != RecomputeRun.Status.SUCCEEDED:
        raise SystemExit(f"the nightly run {run.id} {run.status}: {run.error}")
    return {
        "seconds": seconds, "mode": mode, "workers": count, "parts": run.parts,
        "people": run.people, "rows": run.rows, "note": run.note,
        "team_tasks_per_worker": team_tasks, "hash": snapshot_hash(today()),
    }  # fmt: skip


def wait_for_run(after: int, seconds: float = 3600):
    from goals.models import RecomputeRun

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = RecomputeRun.objects.filter(id__gt=after, trigger="nightly").first()
        if run and run.status != RecomputeRun.Status.RUNNING:
            return run
        time.sleep(0.02)
    raise SystemExit(f"no nightly run finished within {seconds:.0f} s")


def measure(env: dict[str, str], broker: str) -> list[dict]:
    """Every mode, each in its own process, on the database in ``env``."""
    from bench.run import run_step

    found = []
    for mode, count in MODES:
        args = [sys.executable, "-m", "bench.nightly", "--measure", mode, str(count)]
        result, _ = run_step(args, dict(env, CELERY_BROKER_URL=broker))
        found.append(result)
    return found


def measurements(found: list[dict], size: int) -> list:
    """Rows for bench/RESULTS.md's table; ratio: against the single task through one worker."""
    from bench.run import Measurement

    single = found[0]
    rows = []
    for result in found:
        split = result["mode"] == "split"
        label = (
            f"{result['parts']} team tasks, {result['workers']} worker"
            + ("s" if result["workers"] > 1 else "")
            if split
            else "one task, 1 worker"
        )
        same = "identical to" if result["hash"] == single["hash"] else "**differ from**"
        note = f"{result['rows']:,} snapshot rows"
        if split:
            per_worker = " + ".join(str(n) for n in result["team_tasks_per_worker"])
            note += f"; team tasks per worker {per_worker}; snapshots {same} the one task's"
        if result["note"]:
            note += f"; {result['note']}"
        rows.append(
            Measurement(
                f"nightly through Celery, {label}, {result['people']:,} people over {size:,}",
                size, result["seconds"], 0.0, single["seconds"] if split else 0.0, note=note,
            )
        )  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument(
        "--part-people", type=int, default=50,
        help="RECOMPUTE_PART_PEOPLE for the workers (50: one team of the roster per task)",
    )  # fmt: skip
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "WORKERS"))
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.measure:
        print(json.dumps(measure_one(args.measure[0], int(args.measure[1]))))
        return
    from bench import run, scale

    env = dict(scale.bench_env(), RECOMPUTE_PART_PEOPLE=str(args.part_people))
    run.write_inputs()
    scale.load_size(args.size, args.people, env)
    found = measure(env, run.BENCH_BROKER)
    print(run.render(measurements(found, args.size)))


if __name__ == "__main__":
    main()
