"""`make bench-scale`: how each cost grows with the org, 100,000 → 1,000,000 → 5,000,000 deals.

    DATABASE_URL=… python -m bench.scale [--sizes 100000 1000000 5000000] [--people 5000]

For each size, in a fresh database holding ``people`` people (teams of 50: 45 AEs, 5 SDRs):
the import (the real path, deal history on), the import of the next week's export (5% changed),
the nightly recompute, the team page for a manager of 50 (Django test client, median wall
time of 5), that manager's pipeline movement over the week, and the nightly task through real
Celery workers (``bench.nightly``): one task, then split by team with 1 and 2 workers.
Prints each figure and its growth per 10× of the data (the ratio between sizes, scaled to a
factor of 10 in log space), and its ratio per 5× from the last-but-one size to the last. The
team page's team holds a fixed share of the deals, so its cost should grow with its own deals,
not the org's.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The nightly task through real workers (bench.nightly): one task, then split by team.
SPLIT_FIGURES = (
    "nightly, one task (1 worker)",
    "nightly split by team, 1 worker",
    "nightly split by team, 2 workers",
)
FIGURES = (
    "import",
    "import 5% changed",
    "recompute",
    "team page (manager of 50)",
    "movement",
    *SPLIT_FIGURES,
)


def load_size(size: int, people: int, env: dict[str, str]) -> tuple[dict, dict]:
    """A fresh database: ``people`` people and ``size`` deals imported, then next week's
    export (5% changed); the two imports' figures."""
    from bench import run
    from bench.history import moment, next_week
    from bench.synthetic import write_meetings, write_opportunities, write_roster

    managers = max(1, people // 50)
    roster = write_roster(run.DATA / f"roster_{managers}.csv", managers)
    meetings = run.DATA / f"meetings_{managers}.csv"
    if not meetings.exists():
        write_meetings(meetings, run.MEETINGS, managers=managers)
    path = run.DATA / f"scale_{size}_{managers}.csv"
    if not path.exists():
        write_opportunities(path, size, managers=managers)
    changed = run.DATA / f"scale_{size}_{managers}_changed.csv"
    if not changed.exists():
        next_week(path, changed, 0.05, seed=size)
    run.reset_database(env, roster, meetings)
    importing = dict(env, CELERY_BROKER_URL=run.BENCH_BROKER)
    at = [moment(week, 2, run.AS_OF, run.time_zone()).isoformat() for week in range(2)]
    fresh, _ = run.run_step(run.step("import", str(path), at[0]), importing)
    run.vacuum_analyze(env)
    moved, _ = run.run_step(run.step("import", str(changed), at[1]), importing)
    run.purge_queued_tasks()
    return fresh, moved


def measure_size(size: int, people: int, env: dict[str, str]) -> dict[str, float]:
    from bench import nightly, run

    fresh, moved = load_size(size, people, env)
    recompute, _ = run.run_step(run.step("recompute", run.AS_OF.isoformat()), env)
    run.vacuum_analyze(env)
    pages, _ = run.run_step([run.PY, "-m", "bench.scale", "--pages"], env)
    through_celery = nightly.measure(env, run.BENCH_BROKER)
    for result in through_celery[1:]:
        if result["hash"] != through_celery[0]["hash"]:
            raise SystemExit(f"the split nightly run wrote other snapshots: {result}")
    return {
        "import": fresh["seconds"],
        "import 5% changed": moved["seconds"],
        "recompute": recompute["seconds"],
        "team page (manager of 50)": pages["team_ms"] / 1000,
        "movement": pages["movement_ms"] / 1000,
        "team page scans of the org's tables": pages["org_scans"],
        **{SPLIT_FIGURES[index]: found["seconds"] for index, found in enumerate(through_celery)},
    }


def pages_step() -> dict[str, object]:
    """Median wall time of the team page and the team's movement for manager 0 (5 runs), and
    the tables of the org's deals that a query of the team page reads whole (``org_scans``)."""
    import time
    from statistics import median

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.steps import cookie_for
    from people.models import Person

    manager = Person.objects.get(email="manager0@bench.example")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie_for(manager)
    found: dict[str, object] = {}
    for key, url in (("team_ms", "/team/"), ("movement_ms", f"/people/{manager.id}/movement/")):
        assert client.get(url).status_code == 200  # warm
        times = []
        for _ in range(5):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        found[key] = median(times)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/team/").status_code == 200
    found["org_scans"] = sorted(org_scans(connection, [q["sql"] for q in queries]))
    return found


# The tables that grow with the org's deals: a query reading one of them whole grows with
# the org, not with the team.
ORG_TABLES = ("goals_opportunity", "goals_opportunitystate", "goals_meeting")


def org_scans(connection, statements: list[str]) -> set[str]:
    """Of ``ORG_TABLES``, those some of ``statements`` (SELECTs, as run) reads by a
    sequential scan in its plan."""
    found = set()

    def walk(node: dict) -> None:
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in ORG_TABLES:
            found.add(node["Relation Name"])
        for child in node.get("Plans", ()):
            walk(child)

    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            walk((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
    return found


def per_ten(small: float, large: float, factor: float) -> float:
    """The growth ratio over ``factor``× of the data, expressed per 10×."""
    if small <= 0 or factor <= 1:
        return float("nan")
    return (large / small) ** (1 / math.log10(factor))


def render(sizes: list[int], found: dict[int, dict]) -> str:
    header = "| figure | " + " | ".join(f"{s:,}" for s in sizes) + " | growth |"
    lines = [header, "|---" * (len(sizes) + 2) + "|"]
    for name in FIGURES:
        cells = [f"{found[s][name]:.3f} s" for s in sizes]
        growth = []
        for small, large in zip(sizes, sizes[1:], strict=False):
            ratio = found[large][name] / found[small][name] if found[small][name] else 0
            growth.append(
                f"{small:,}→{large:,}: ×{ratio:.2f} "
                f"(×{per_ten(found[small][name], found[large][name], large / small):.2f} per 10×)"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {'; '.join(growth)} |")
    return "\n".join(lines) + "\n\n" + verdicts(sizes, found)


# Issue 20: "no cost grows faster than the data (ratio ≤ 5.5 per 5×)": 1.1× the data's growth.
GROWTH_MARGIN = 1.1


def verdicts(sizes: list[int], found: dict[int, dict]) -> str:
    """Each growth target, met or not, from the last two sizes."""
    lines = ["| target | figure | met |", "|---|---|---|"]
    if len(sizes) < 2:
        return "\n".join(lines)
    small, large = sizes[-2], sizes[-1]
    limit = GROWTH_MARGIN * large / small
    for name in FIGURES:
        ratio = found[large][name] / found[small][name] if found[small][name] else float("inf")
        met = "yes" if ratio <= limit else "**no**"
        lines.append(
            f"| {name}: {small:,} → {large:,} grows ≤ ×{limit:.1f} | ×{ratio:.2f} | {met} |"
        )
    scans = found[large].get("team page scans of the org's tables")
    if scans is not None:
        met = "yes" if not scans else "**no**"
        lines.append(
            f"| team page at {large:,}: no query reads the org's deals whole "
            f"| {', '.join(scans) or 'none'} | {met} |"
        )
    return "\n".join(lines)


def known(path: Path) -> dict[int, dict[str, float]]:
    """The sizes an earlier run printed (its JSON lines), by size."""
    found = {}
    for line in path.read_text().splitlines():
        if line.startswith('{"size"'):
            figures = json.loads(line)
            found[figures.pop("size")] = figures
    return found


def bench_env() -> dict[str, str]:
    from bench import run

    env = dict(os.environ, PACER_TODAY=run.AS_OF.isoformat(), PYTHONPATH=str(ROOT))
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.setdefault("MAX_UPLOAD_BYTES", str(4 * 1024**3))
    env.setdefault("MAX_IMPORT_ROWS", str(10_000_000))
    env.setdefault("MAX_SHEET_CELLS", str(1_000_000_000))
    env.pop("CELERY_BROKER_URL", None)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000, 5_000_000])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument(
        "--known",
        type=Path,
        help="a file holding the JSON lines of an earlier run: its sizes are not measured again",
    )
    parser.add_argument("--pages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages:
        print(json.dumps(pages_step()))
        return
    from bench import run

    env = bench_env()
    run.write_inputs()
    found = known(args.known) if args.known else {}
    for size in args.sizes:
        if size in found:
            continue
        found[size] = measure_size(size, args.people, env)
        print(json.dumps({"size": size, **found[size]}), flush=True)
    print(render(args.sizes, found))


if __name__ == "__main__":
    main()
