"""What the admin answers on a preview (date format, stage mapping, currency rates, people),
saved and followed by a fresh preview of the same upload."""

from __future__ import annotations

from goals.models import ImportRun, ImportStatus

from . import dates


def redate(run: ImportRun, date_format: str) -> ImportRun:
    """Read the upload's dates as ``date_format`` ("MDY", "DMY", or "" to go by the file's
    evidence) and queue a fresh preview; nothing is uploaded again."""
    if date_format not in ("", *dates.NAMES):
        raise ValueError(f"unknown date format {date_format!r}: MDY, DMY or blank")
    run.date_format = date_format
    run.status, run.commit = ImportStatus.UPLOADED, False
    run.save()
    return run
