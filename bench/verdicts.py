"""Each target of issues 15 and 20, met or missed, from one run's figures."""

from __future__ import annotations

# Page medians (ms) by the name the measurement starts with; p99 at most 3× the median for
# the rep page.
PAGE_MEDIAN_MS = {"rep page": 30, "team page": 120, "movement page": 150}
REP_P99_OVER_MEDIAN = 3


def targets(results: list, queries: dict) -> str:
    by_name = {r.name: r for r in results}
    lines = ["| target | figure | met |", "|---|---|---|"]

    def check(target: str, figure: str, met: bool) -> None:
        lines.append(f"| {target} | {figure} | {'yes' if met else '**no**'} |")

    fresh = by_name.get("import 1,000,000 (fresh)")
    again = by_name.get("re-import 1,000,000 (unchanged)")
    moved = by_name.get("re-import 1,000,000 (5% changed)")
    if fresh:
        ratio = f"{fresh.ratio:.1f}×"
        check("import of 1,000,000 with history ≤ 3× floor", ratio, fresh.ratio <= 3)
        check("import of 1,000,000 with history ≤ 2.5× floor", ratio, fresh.ratio <= 2.5)
        peak = max(r.peak_mb for r in (fresh, again, moved) if r)
        check("import peak memory < 1.5 GB", f"{peak:,.0f} MB", peak < 1536)
    if fresh and again:
        check("re-import ≤ fresh import", f"{again.seconds:.1f} s vs {fresh.seconds:.1f} s",
              again.seconds <= fresh.seconds)  # fmt: skip
    if fresh and moved:
        share = moved.seconds / fresh.seconds
        check("re-import with 5% changed ≤ 0.6× the fresh import",
              f"{share:.2f}× ({moved.seconds:.1f} s)", share <= 0.6)  # fmt: skip
    recompute = next(
        (r for r in results if r.name.startswith("nightly recompute") and r.rows == 1_000_000), None
    )
    if recompute:
        check("recompute ≤ 1.5× GROUP BY floor", f"{recompute.ratio:.1f}×", recompute.ratio <= 1.5)
    page_checks(results, check)
    sync_checks(by_name, check)
    if queries:
        query_checks(queries, check)
    return "\n".join(lines)


def page_checks(results: list, check) -> None:
    for r in results:
        if r.median_ms is None:
            continue
        page = r.name.split(",")[0]
        limit = next((v for k, v in PAGE_MEDIAN_MS.items() if page.startswith(k)), None)
        if limit is not None:
            check(f"{page} median ≤ {limit} ms", f"{r.median_ms:.1f} ms", r.median_ms <= limit)
        if page.startswith("rep page") and r.p99_ms is not None:
            check(
                f"{page} p99 ≤ {REP_P99_OVER_MEDIAN}× median (1 connection)",
                f"{r.p99_ms:.1f} ms = {r.p99_ms / r.median_ms:.1f}×",
                r.p99_ms <= REP_P99_OVER_MEDIAN * r.median_ms,
            )


def sync_checks(by_name: dict, check) -> None:
    first = next((r for n, r in by_name.items() if n.startswith("first sync")), None)
    incremental = next((r for n, r in by_name.items() if n.startswith("incremental sync")), None)
    if first and first.ratio is not None:
        check("first sync ≤ 1.5× the CSV import of the same records", f"{first.ratio:.2f}×",
              first.ratio <= 1.5)  # fmt: skip
    if incremental:
        check("incremental sync of 1% ≤ 10 s", f"{incremental.seconds:.1f} s",
              incremental.seconds <= 10)  # fmt: skip


def query_checks(queries: dict, check) -> None:
    team = [v for k, v in queries.items() if k.startswith("team page")]
    rep = [v for k, v in queries.items() if k.startswith("rep page")]
    check(
        "query counts independent of team size",
        ", ".join(f"{k}: {v}" for k, v in queries.items()),
        len(set(team)) <= 1 and len(set(rep)) <= 1,
    )
