"""The summary of an import, the same on the page and on the command line."""

from __future__ import annotations

from imports.models import ImportRun


def summary_lines(run: ImportRun, *, max_errors: int = 50) -> list[str]:
    """Lines describing what ``run`` did (or would do, for a preview)."""
    verb = "would import" if not run.commit else "imported"
    imported = run.created + run.updated + run.unchanged
    lines = [
        f"{run.get_kind_display()} from {run.file_name}: {run.get_status_display()}",
        f"rows in file {run.rows_in_file}: {verb} {imported} "
        f"(new {run.created}, updated {run.updated}, unchanged {run.unchanged}), "
        f"skipped {run.skipped}",
        f"errors {run.error_count}, warnings {len(run.warnings)}; "
        f"missing from this file (if it is a full export): {run.missing_from_file}",
    ]
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
    if len(run.errors) > max_errors:
        lines.append(f"… and {run.error_count - max_errors} more errors (download them as CSV)")
    for warning in run.warnings[:max_errors]:
        lines.append(
            f"warning: {warning['file']}, line {warning['line']}, column {warning['column']}: "
            f"{warning['reason']}"
        )
    return lines
