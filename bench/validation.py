"""CPU seconds of the import's validation stage alone: read, validate, spool (no writing).

    DATABASE_URL=… python -m bench.validation PATH [--row-by-row] [--repeat 3]

The database must hold the people the file names (``bench.run`` leaves its roster in the bench
database). CPU time (``time.process_time``), not wall-clock: on a shared machine other
processes slow the wall clock far more. ``--row-by-row`` checks every row through
``records.opportunity`` (the exact row path) instead of column by column.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from imports import columns, fields, records, writing  # noqa: E402
from imports.models import ImportRun  # noqa: E402
from imports.reading import read_table  # noqa: E402
from imports.service import check_rows, row_context  # noqa: E402


def validation_seconds(path: Path, *, row_by_row: bool) -> tuple[float, int, int]:
    """``(CPU seconds, rows, rows with errors)`` of reading, checking and spooling ``path``."""
    run = ImportRun(kind="opportunities", file_name=path.name, date_format="MDY")
    started = time.process_time()
    rows = invalid = 0
    with path.open("rb") as handle, tempfile.TemporaryFile("w+", newline="") as spool:
        table = read_table(handle, run.file_name, fields.header_finder(run.kind))
        match = fields.match_columns(run.kind, table.header)
        ctx = row_context(run, table, match, {})
        out = writing.spool_writer(spool)
        if row_by_row:
            checked_chunks = columns.row_by_row(records.opportunity, ctx, table.rows)
        else:
            checked_chunks = check_rows(run.kind, ctx, table.rows)
        for checked in checked_chunks:
            out.writerows(checked.records)
            rows += checked.rows
            invalid += len(checked.errors)
    return time.process_time() - started, rows, invalid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--row-by-row", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [validation_seconds(args.path, row_by_row=args.row_by_row) for _ in range(args.repeat)]
    seconds = [round(run[0], 2) for run in runs]
    print(
        json.dumps(
            {"cpu_seconds": seconds, "min": min(seconds), "rows": runs[0][1], "invalid": runs[0][2]}
        )
    )


if __name__ == "__main__":
    main()
