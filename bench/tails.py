"""Where the rep page's slow tail comes from: the server's own time of every request, by worker.

    DATABASE_URL=… BENCH_PORT=8766 python -m bench.tails [--warm one|each] [--duration 10]

On the page benchmark's data (``python -m bench.rep_page --setup`` loads it), gunicorn with two
workers serves the rep page; after a warm-up (``one``: wrk on one connection for 2 s, as the
harness did before; ``each``: ``bench.pages``' every-worker warm-up), wrk measures one
connection. Prints wrk's percentiles, each worker's requests and its first five timings, the
five slowest requests (which worker, the how-many-th it served), and the garbage collections
of generation 2 and their longest pause.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PACER_TODAY", "2023-09-15")


def rep_cookie() -> tuple[int, str]:
    import django

    django.setup()
    from bench.steps import cookie_for
    from people.models import Person

    rep = Person.objects.get(email="rep000@bench.example")
    return rep.id, cookie_for(rep)


def main() -> None:
    from bench import pages

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warm", choices=["one", "each"], default="each")
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    rep_id, cookie = rep_cookie()
    gc_log = Path(tempfile.mkstemp(prefix="bench-gc-")[1])
    env = dict(os.environ, BENCH_GC_LOG=str(gc_log), PYTHONPATH=str(ROOT))
    path = f"/people/{rep_id}/quarter/"
    server = pages.Server(env, extra=["-c", str(ROOT / "bench" / "gc_probe.py")])
    try:
        if args.warm == "one":
            pages.wrk(server.url(path), cookie, 2, 1)
        else:
            server.warm(path, cookie)
        before = server.requests()
        gc_log.write_text("")
        found = pages.wrk(server.url(path), cookie, args.duration, 1)
        report(before, server.requests(), found, gc_log)
    finally:
        server.stop()
        gc_log.unlink(missing_ok=True)


def report(before: list, after: list, found: dict, gc_log: Path) -> None:
    print(
        f"wrk, 1 connection: {found['requests']} requests, median {found['median']:.1f} ms, "
        f"p95 {found['p95']:.1f}, p99 {found['p99']:.1f}, max {found['max']:.1f}"
    )
    nth: dict[str, int] = defaultdict(int)
    timed = []
    for index, (pid, ms, _) in enumerate(after):
        nth[pid] += 1
        if index >= len(before):
            timed.append((ms, pid, nth[pid]))
    warm = defaultdict(int)
    for pid, _, _ in before:
        warm[pid] += 1
    for pid in sorted(nth):
        mine = [ms for ms, p, _ in timed if p == pid]
        first = ", ".join(f"{ms:.0f}" for ms in mine[:5])
        print(
            f"worker {pid}: {warm[pid]} requests in the warm-up, {len(mine)} measured; "
            f"first five measured: {first} ms"
        )
    for ms, pid, n in sorted(timed, reverse=True)[:5]:
        print(f"slow: {ms:.0f} ms, worker {pid}, its request number {n}")
    collections = [line.split() for line in gc_log.read_text().splitlines()]
    full = [float(c[2]) for c in collections if c[1] == "2"]
    print(
        f"garbage collections during the run: {len(collections)}, of generation 2: {len(full)}"
        f" (longest {max(full, default=0):.1f} ms, all: {max((float(c[2]) for c in collections), default=0):.1f} ms)"  # noqa: E501
    )


if __name__ == "__main__":
    main()
