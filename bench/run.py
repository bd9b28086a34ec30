"""`make bench`: Pacer's import, nightly recompute and pages against their floors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pacer_bench python -m bench.run \
        [--sizes 100000 1000000] [--page-opportunities 200000] [--duration 10]

Every measured step runs in its own process (``bench.steps`` for Pacer, ``bench.floors`` for
the floors) so that its peak memory is its own; seconds are the step's work, timed inside the
process for Pacer and floor alike. The database named in DATABASE_URL is dropped and
re-created: never point it at data you want to keep. Prints a table and writes
bench/RESULTS.md (keeping its hand-written "Before and after" section).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bench.verdicts import targets

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "RESULTS.md"
KEPT_SECTION = "## Before and after"
AS_OF = date(2023, 9, 15)  # mid FY24-Q3: the synthetic data spans FY23-FY24
MEETINGS = 50_000
PY = sys.executable
# Where a committed import queues its recompute: the benchmark's own Redis database, so the
# import is timed as in production (the recompute runs in a worker, measured on its own).
BENCH_BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/7")


@dataclass
class Measurement:
    name: str
    rows: int
    seconds: float
    peak_mb: float
    floor_seconds: float = 0.0
    note: str = ""
    median_ms: float | None = None
    p99_ms: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor_seconds if self.floor_seconds else None


def run_step(args: list[str], env: dict[str, str]) -> tuple[dict, float]:
    """Run a step that prints JSON; return that JSON and the process's peak RSS in MB."""
    process = subprocess.Popen(  # noqa: S603
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # Read both pipes to the end before reaping, so a chatty step cannot block on a full pipe.
    out, err = process.stdout.read(), process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{out}\n{err}")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def step(*args: str) -> list[str]:
    return [PY, "-m", "bench.steps", *args]


def floor(*args: str) -> list[str]:
    return [PY, "-m", "bench.floors", *args]


def reset_database(
    env: dict[str, str], roster: Path | None = None, meetings: Path | None = None
) -> None:
    """Drop and re-create the bench database; migrate; load the roster and the meetings."""
    import psycopg

    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage = [PY, "manage.py"]
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["import_people", str(roster or DATA / "roster.csv")],
        ["import_meetings", str(meetings or DATA / "meetings.csv"), "--date-format", "MDY"],
    ):
        done = subprocess.run(  # noqa: S603
            [*manage, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def vacuum_analyze(env: dict[str, str]) -> None:
    """VACUUM (ANALYZE) the database once data is loaded, as autovacuum would soon after: without
    it (autovacuum may be off on a benchmark server) the planner has no statistics and index-only
    scans no visibility map, so steps and pages would be timed on plans production never runs."""
    import psycopg

    url = env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:  # VACUUM cannot run in a transaction
        conn.execute("VACUUM (ANALYZE)")


def purge_queued_tasks() -> None:
    """Drop the recomputes the imports queued on the benchmark's own Redis database."""
    import redis

    redis.Redis.from_url(BENCH_BROKER).flushdb()


def opportunities_file(size: int, team: int | None = None) -> Path:
    from bench.synthetic import write_opportunities

    suffix = "" if team is None else f"_team{team}"
    path = DATA / f"opportunities_{size}{suffix}.csv"
    if not path.exists():
        write_opportunities(path, size, team=team)
    return path


def time_zone() -> str:
    return os.environ.get("TIME_ZONE", "UTC")


def changed_file(size: int) -> Path:
    """The export of the week after ``opportunities_<size>.csv``: 5% of the deals changed."""
    from bench.history import next_week

    path = DATA / f"opportunities_{size}_changed.csv"
    if not path.exists():
        next_week(opportunities_file(size), path, 0.05, seed=size)
    return path


def bench_size(size: int, env: dict[str, str]) -> list[Measurement]:
    """Fresh import, the same export again, the next week's (5% changed): each through the real
    import path, states written to the deal history, each taken a week after the last."""
    from bench.history import moment

    path, changed = opportunities_file(size), changed_file(size)
    at = [moment(week, 3, AS_OF, time_zone()).isoformat() for week in range(3)]
    reset_database(env)
    importing = dict(env, CELERY_BROKER_URL=BENCH_BROKER)
    fresh, fresh_peak = run_step(step("import", str(path), at[0]), importing)
    vacuum_analyze(env)
    again, again_peak = run_step(step("import", str(path), at[1]), importing)
    moved, moved_peak = run_step(step("import", str(changed), at[2]), importing)
    purge_queued_tasks()
    floor_import, floor_peak = run_step(floor("import", str(path)), env)
    floor_seconds = sum(floor_import.values())
    recompute, recompute_peak = run_step(step("recompute", AS_OF.isoformat()), env)
    group_by, group_by_peak = run_step(floor("group-by", AS_OF.isoformat()), env)
    return [
        Measurement(
            f"import {size:,} (fresh)", size, fresh["seconds"], fresh_peak, floor_seconds,
            note=f"{fresh['created']:,} new, {fresh['states']:,} states",
        ),
        Measurement(
            f"re-import {size:,} (unchanged)", size, again["seconds"], again_peak,
            floor_seconds, note=f"{again['unchanged']:,} unchanged, {again['states']:,} states",
        ),
        Measurement(
            f"re-import {size:,} (5% changed)", size, moved["seconds"], moved_peak,
            floor_seconds,
            note=f"{moved['updated']:,} updated, {moved['states']:,} states; "
            f"{moved['seconds'] / fresh['seconds']:.2f}× the fresh import",
        ),
        Measurement(
            f"floor: import {size:,}", size, floor_seconds, floor_peak,
            note=", ".join(f"{k} {v:.2f}s" for k, v in floor_import.items()),
        ),
        Measurement(
            f"nightly recompute, {recompute['people']} people over {size:,}", size,
            recompute["seconds"], recompute_peak, group_by["seconds"],
            note=f"{recompute['rows']:,} snapshot rows",
        ),
        Measurement(
            f"floor: SQL GROUP BY over {size:,}", size, group_by["seconds"], group_by_peak,
            note=f"{group_by['owners']} owners, {group_by['sdrs']} SDRs",
        ),
    ]  # fmt: skip


def write_inputs() -> None:
    """The roster and meetings every size shares (opportunity files are written per size)."""
    from bench.synthetic import write_meetings, write_roster

    DATA.mkdir(exist_ok=True)
    write_roster(DATA / "roster.csv")
    if not (DATA / "meetings.csv").exists():
        write_meetings(DATA / "meetings.csv", MEETINGS)


def load_page_data(size: int, env: dict[str, str]) -> dict:
    """A fresh database holding ``size`` opportunities, all on manager 0's team, recomputed
    and analysed; the pages step's session (cookies, ids, query counts)."""
    reset_database(env)
    path = opportunities_file(size, team=0)
    run_step(step("import", str(path)), dict(env, CELERY_BROKER_URL=BENCH_BROKER))
    purge_queued_tasks()
    run_step(step("recompute", AS_OF.isoformat()), env)
    vacuum_analyze(env)
    session, _ = run_step(step("pages"), env)
    return session


def bench_pages(
    size: int, duration: int, env: dict[str, str]
) -> tuple[list[Measurement], dict, dict]:
    """Rep and team pages under wrk against gunicorn on 127.0.0.1 (``bench.pages``: every
    worker warmed first). All ``size`` opportunities belong to the team of manager 0 (45 AEs,
    5 SDRs): the worst case for its team page."""
    from bench import pages

    session = load_page_data(size, env)
    server = pages.Server(env)
    results = []
    try:
        for name, url, cookie in (
            ("rep page (rep000)", f"/people/{session['rep_id']}/quarter/", session["rep_cookie"]),
            (
                f"team page (manager of {session['team_size']})",
                "/team/",
                session["manager_cookie"],
            ),
        ):
            found = pages.measure(server, url, cookie, duration)
            results.append(page_measurement(f"{name}, {size:,} opportunities", found, duration))
    finally:
        server.stop()
    return results, session["queries"], session["cpu_ms"]


def page_measurement(name: str, found: dict, duration: int) -> Measurement:
    from bench import pages

    alone = found["alone"]
    return Measurement(
        name,
        alone["requests"],
        duration,
        0.0,
        note=pages.note(found),
        median_ms=alone["median"],
        p99_ms=alone["p99"],
    )


def render(results: list[Measurement]) -> str:
    lines = [
        "| measurement | rows | seconds | rows/s | peak MB | floor s | ratio | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        floor_text = f"{r.floor_seconds:.2f}" if r.floor_seconds else ""
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else ""
        peak = f"{r.peak_mb:,.0f}" if r.peak_mb else ""
        lines.append(
            f"| {r.name} | {r.rows:,} | {r.seconds:.2f} | {r.rows_per_second:,.0f} | "
            f"{peak} | {floor_text} | {ratio} | {r.note} |"
        )
    return "\n".join(lines)


def growth_measurements(growth, duration: int) -> list[Measurement]:
    """The first and last weekly import, the org's ``pipeline_movement``, and the movement page
    and API for the manager of 50 over the history."""
    first, last = growth.weeks[0], growth.weeks[-1]
    size = growth.size
    found = [
        Measurement(
            f"history: week 1 import of {size:,}", size, first.seconds, first.peak_mb,
            note=f"{first.states:,} states, history {first.history_bytes / 2**20:,.0f} MB",
        ),
        Measurement(
            f"history: week {last.week} import of {size:,} (5% changed)", size, last.seconds,
            last.peak_mb, first.seconds,
            note=f"{last.states:,} states; history {last.history_rows:,} rows, "
            f"{last.history_bytes / 2**20:,.0f} MB; ratio: against week 1",
        ),
        Measurement(
            f"pipeline_movement, whole org, week {last.week - 1} → {last.week}",
            growth.movement_rows, growth.movement_seconds, 0.0,
            note=f"{growth.movement_rows:,} CSV rows",
        ),
    ]  # fmt: skip
    for name, measured in growth.pages.items():
        found.append(page_measurement(f"{name}, {last.week} weeks of {size:,}", measured, duration))
    return found


def sync_measurements(size: int, found: dict) -> list[Measurement]:
    first, incremental, csv = found["first"], found["incremental"], found["csv"]
    return [
        Measurement(
            f"first sync of {size:,} (Bulk API 2.0)", size, first["seconds"], first["peak_mb"],
            csv["seconds"],
            note=f"{first['created']:,} new, {first['api_calls']} API calls; ratio: against "
            "the CSV import of the same records",
        ),
        Measurement(
            f"incremental sync of 1% ({incremental['changed_in_org']:,} changed)",
            incremental["read"], incremental["seconds"], incremental["peak_mb"],
            note=f"{incremental['updated']:,} updated, {incremental['states']:,} states, "
            f"{incremental['api_calls']} API calls",
        ),
        Measurement(
            f"CSV import of the same {size:,} records", size, csv["seconds"], csv["peak_mb"],
            note=f"{csv['created']:,} new",
        ),
    ]  # fmt: skip


def growth_section(growth) -> str:
    from bench.weekly import render_weeks

    return (
        f"{len(growth.weeks)} weekly imports of {growth.size:,} deals, 5% changing each week "
        f"(history bytes: `pg_total_relation_size` of the state table, indexes included).\n\n"
        + render_weeks(growth)
    )


def versions() -> str:
    import django
    import pandas
    import psycopg

    server = subprocess.run(
        ["psql", os.environ["DATABASE_URL"], "-Atc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    gunicorn = subprocess.run(
        [PY, "-m", "gunicorn", "--version"], capture_output=True, text=True
    ).stdout.strip()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (
        f"Python {platform.python_version()}, Django {django.__version__}, pandas "
        f"{pandas.__version__}, psycopg {psycopg.__version__}, PostgreSQL {server}, "
        f"{gunicorn or 'gunicorn'} (2 workers), "
        f"{(wrk_version.stdout or wrk_version.stderr).split(' [')[0]}"
    )


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.platform()}"


def write_results(
    table: str,
    checks: str,
    queries: dict,
    cpu: dict,
    command: str,
    extra: dict[str, str],
    path: Path = RESULTS,
) -> None:
    kept = ""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if KEPT_SECTION in text:
            kept = "\n" + text[text.index(KEPT_SECTION) :]
    query_lines = "\n".join(f"- {k}: {v} queries" for k, v in queries.items())
    query_lines += "".join(
        f"\n- {k}: {v:.0f} ms of server CPU per request (median of 7)" for k, v in cpu.items()
    )
    path.write_text(
        f"# Benchmark results\n\n`{command}` on {datetime.now():%Y-%m-%d %H:%M}.\n\n"
        f"- Machine: {machine()}\n- Versions: {versions()}\n"
        f"- Data as of {AS_OF}; 500 reps (10 managers × 45 AEs + 5 SDRs), {MEETINGS:,} "
        f"meetings. Peak MB is each step's own process (ru_maxrss); seconds are the work "
        f"inside the process, for Pacer and floor alike.\n\n{table}\n\n## Targets\n\n"
        f"{checks}\n\nQueries and CPU time per page (Django test client, same data; CPU "
        f"time is the server's own work, which other load inflates far less than the "
        f"medians above):\n\n{query_lines}\n"
        + "".join(f"\n## {title}\n\n{text}\n" for title, text in extra.items())
        + kept,
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--page-opportunities", type=int, default=200_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--history-size", type=int, default=1_000_000)
    parser.add_argument("--history-weeks", type=int, default=13, help="0: no history growth")
    parser.add_argument("--sync-size", type=int, default=1_000_000, help="0: no sync")
    parser.add_argument(
        "--no-split", dest="split", action="store_false",
        help="skip the nightly task through Celery workers (one task, split with 1 and 2)",
    )  # fmt: skip
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the note")
    args = parser.parse_args()
    env = dict(os.environ, PACER_TODAY=AS_OF.isoformat(), DJANGO_SETTINGS_MODULE="config.settings")
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pacer_bench")
    # A 1,000,000-row export is ~160 MB, over the 50 MB default upload limit (issue 8): an org
    # that size raises MAX_UPLOAD_BYTES, and so does the benchmark.
    env.setdefault("MAX_UPLOAD_BYTES", str(1024**3))
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    env.pop("CELERY_BROKER_URL", None)
    env["PYTHONPATH"] = str(ROOT)
    write_inputs()
    results, queries, cpu, extra = [], {}, {}, {}
    for size in args.sizes:
        results += bench_size(size, env)
        if args.split and size == max(args.sizes):
            from bench import nightly

            # On this size's database: the nightly task through real workers, split or not.
            results += nightly.measurements(nightly.measure(env, BENCH_BROKER), size)
        print(render(results), flush=True)
    if args.page_opportunities:
        pages, queries, cpu = bench_pages(args.page_opportunities, args.duration, env)
        results += pages
    if args.history_weeks:
        from bench import weekly

        growth = weekly.bench_growth(args.history_size, args.history_weeks, args.duration, env)
        results += growth_measurements(growth, args.duration)
        queries.update(growth.queries)
        cpu.update(growth.cpu_ms)
        extra["History growth"] = growth_section(growth)
    if args.sync_size:
        from bench.sync import bench_sync

        results += sync_measurements(args.sync_size, bench_sync(args.sync_size, env))
    table, checks = render(results), targets(results, queries)
    print(table, checks, *extra.values(), sep="\n\n")
    arguments = " ".join(sys.argv[1:])
    write_results(
        table,
        checks,
        queries,
        cpu,
        f"make bench BENCH_ARGS='{arguments}'" if arguments else "make bench",
        extra,
        args.results,
    )


if __name__ == "__main__":
    main()
