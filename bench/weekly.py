"""History growth and movement: ``weeks`` weekly imports of ``size`` deals, 5% changing each
week, then the movement page and API for the manager of 50 and ``pipeline_movement`` for the
whole org over that history. Run by ``bench.run`` (``--history-size``, ``--history-weeks``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bench import pages
from bench.history import moment, next_week

QUARTER = "FY24-Q3"


@dataclass
class Week:
    week: int
    seconds: float
    peak_mb: float
    states: int
    history_rows: int
    history_bytes: int


@dataclass
class Growth:
    size: int
    weeks: list[Week] = field(default_factory=list)
    movement_seconds: float = 0.0
    movement_rows: int = 0
    pages: dict[str, dict] = field(default_factory=dict)
    queries: dict[str, int] = field(default_factory=dict)
    cpu_ms: dict[str, float] = field(default_factory=dict)


def import_weeks(size: int, weeks: int, env: dict[str, str], growth: Growth) -> None:
    """Import week 0 (the base export) to week ``weeks - 1``, each taken a week after the last;
    each week's file is written from the previous one, and files two weeks old are deleted."""
    from bench import run

    path = run.opportunities_file(size)
    importing = dict(env, CELERY_BROKER_URL=run.BENCH_BROKER)
    for week in range(weeks):
        if week:
            following = run.DATA / f"history_{size}_week{week}.csv"
            next_week(path, following, 0.05, seed=week)
            if path.name.startswith("history_"):
                path.unlink()
            path = following
        at = moment(week, weeks, run.AS_OF, run.time_zone())
        found, peak = run.run_step(run.step("import", str(path), at.isoformat()), importing)
        run.purge_queued_tasks()
        if week == 0:
            run.vacuum_analyze(env)  # as autovacuum would after the first load
        growth.weeks.append(
            Week(
                week + 1,
                found["seconds"],
                peak,
                found["states"],
                found["history_rows"],
                found["history_bytes"],
            )
        )
    if path.name.startswith("history_"):
        path.unlink()


def bench_growth(size: int, weeks: int, duration: int, env: dict[str, str]) -> Growth:
    from bench import run

    growth = Growth(size)
    run.reset_database(env)
    import_weeks(size, weeks, env, growth)
    run.run_step(run.step("recompute", run.AS_OF.isoformat()), env)
    run.vacuum_analyze(env)
    day_to = run.AS_OF.isoformat()
    day_from = (run.AS_OF - timedelta(weeks=1)).isoformat()  # the page's "since last week"
    found, _ = run.run_step(run.step("movement", QUARTER, day_from, day_to), env)
    growth.movement_seconds, growth.movement_rows = found["seconds"], found["rows"]
    session, _ = run.run_step(run.step("movement-pages"), env)
    growth.queries, growth.cpu_ms = session["queries"], session["cpu_ms"]
    server = pages.Server(env)
    try:
        cookie = session["manager_cookie"]
        for name, path in (
            ("movement page", f"/people/{session['manager_id']}/movement/"),
            ("movement API", f"/api/v1/movement/?quarter={QUARTER}&from={day_from}&to={day_to}"),
        ):
            growth.pages[f"{name} (manager of {session['team_size']})"] = pages.measure(
                server, path, cookie, duration
            )
    finally:
        server.stop()
    return growth


def render_weeks(growth: Growth) -> str:
    lines = [
        "| week | import s | peak MB | states written | history rows | history MB |",
        "|---|---|---|---|---|---|",
    ]
    for w in growth.weeks:
        lines.append(
            f"| {w.week} | {w.seconds:.2f} | {w.peak_mb:,.0f} | {w.states:,} | "
            f"{w.history_rows:,} | {w.history_bytes / 2**20:,.1f} |"
        )
    return "\n".join(lines)
