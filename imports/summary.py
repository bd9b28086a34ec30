"""The summary of an import, the same on the page and on the command line."""

from __future__ import annotations

from django.utils import timezone

from imports.models import ImportKind, ImportRun, ImportStatus

from .run_extras import summary as extras_summary
from .taken_at import describe


def summary_lines(run: ImportRun, *, max_errors: int = 50) -> list[str]:
    """Lines describing what ``run`` did (or would do, for a preview)."""
    imported, skipped, rejected = row_counts(run)
    verb = "would import" if not run.commit else "imported"
    lines = [
        f"{run.get_kind_display()} from {run.file_name}: {run.get_status_display()}",
        f"rows in file {run.rows_in_file} = {verb} {imported} "
        f"(new {run.created}, updated {run.updated}, unchanged {run.unchanged}) "
        f"+ skipped {skipped} (rows with errors) + rejected {rejected} (nothing written)"
        + (f"; took {duration_words(run)}" if run.duration else ""),
        f"errors {run.error_count}, warnings {len(run.warnings)}; "
        f"missing from this file (if it is a full export): {run.missing_from_file}",
    ]
    lines.extend(history_lines(run))
    lines.extend(extras_summary(run))
    if run.all_held:
        lines.append("no Status column: the admin confirmed every meeting took place")
    if run.message:
        lines.append(run.message)
    if run.columns:
        picked = ", ".join(f"{field} <- {column!r}" for field, column in run.columns.items())
        lines.append(f"columns: {picked}")
    for what, reason in (
        ("unknown people", "matches no person"),
        ("unknown stages", "unknown stage"),
    ):
        values = sorted({e["value"] for e in run.errors if reason in e["reason"]})
        if values:
            lines.append(f"{what}: " + ", ".join(values))
    if run.ignored_columns:
        lines.append("ignored columns: " + ", ".join(run.ignored_columns))
    for error in run.errors[:max_errors]:
        lines.append(
            f"error: {error['file']}, line {error['line']}, column {error['column']}, "
            f"value {error['value']!r}: {error['reason']}"
        )
    if run.error_count > max_errors:
        shown = min(len(run.errors), max_errors)
        lines.append(f"{errors_shown(run, shown)} (download them as CSV)")
    for warning in run.warnings[:max_errors]:
        lines.append(
            f"warning: {warning['file']}, line {warning['line']}, column {warning['column']}: "
            f"{warning['reason']}"
        )
    return lines


def row_counts(run: ImportRun) -> tuple[int, int, int]:
    """(imported, skipped, rejected) rows; they add up to the rows in the file. A refused
    commit imported nothing: every row is rejected."""
    rows = run.rows_in_file
    if run.commit and run.status != ImportStatus.DONE:
        return 0, 0, rows
    skipped = min(run.skipped, rows)
    return rows - skipped, skipped, 0


def errors_shown(run: ImportRun, shown: int) -> str:
    """How many errors a list shows, of how many, and what the download holds."""
    stored = len(run.errors)
    text = f"showing {shown:,} of {run.error_count:,} errors"
    if stored < run.error_count:
        return f"{text}; the download holds the first {stored:,} (the file has more)"
    return f"{text}; the download holds all {run.error_count:,}"


def duration_words(run: ImportRun) -> str:
    """``2 minutes 5 seconds``, ``0.1 seconds``: never ``0:00:00.055715``."""
    seconds = run.duration.total_seconds() if run.duration else 0.0
    if seconds < 60:
        return f"{seconds:.1f} seconds" if seconds < 10 else f"{seconds:.0f} seconds"
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(hours, "hour"), (minutes, "minute"), (rest, "second")]
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)


def history_lines(run: ImportRun) -> list[str]:
    """The deal history's part of the summary: which moment, what it records or removes."""
    if run.kind != ImportKind.OPPORTUNITIES or run.error_count and not run.skip_invalid:
        return []
    moment = "the commit time" if run.taken_at is None else f"{_local(run.taken_at)}"
    source = describe(run.taken_at_source)
    lines = [f"taken at {moment} (from {source})"]
    verb = "would record" if not run.commit else "recorded"
    lines.append(f"deal history: {verb} {run.states_recorded} changed state(s)")
    if run.complete:
        removed = "would remove" if not run.commit else "removed"
        lines.append(f"complete export: {removed} {run.removed} deal(s) the file does not hold")
    if run.older_than_data and run.taken_at is not None:
        lines.append(
            f"taken {_local(run.taken_at)}, older than the data you have: recorded as history, "
            "current figures unchanged"
        )
    return lines


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
