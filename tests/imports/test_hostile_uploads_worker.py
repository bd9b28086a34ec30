"""Issue 19: the hostile workbooks on a real Celery worker, with the worker's peak memory
(VmHWM, the kernel's high-water mark of its resident set) measured: under 600 MB each."""

from __future__ import annotations

from pathlib import Path

import pytest

from imports.models import ImportRun, ImportStatus
from imports.services import create_upload
from imports.tasks import run_import
from tests.celery_worker import wait_for

from .test_hostile_uploads import CELL, SHEET, workbook

pytestmark = [
    pytest.mark.celery,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
LIMIT_MB = 600


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def test_a_million_cell_header_leaves_the_worker_under_600_mb(celery_worker, tmp_path, capsys):
    path = workbook(tmp_path / "wide.xlsx", SHEET % (b'<row r="1">' + CELL * 1_000_000 + b"</row>"))
    run = create_upload(kind="opportunities", name="wide.xlsx", data=path.read_bytes())
    run_import.delay(run.pk)
    status = lambda: ImportRun.objects.values_list("status", flat=True).get(pk=run.pk)  # noqa: E731
    wait_for(lambda: status() == ImportStatus.REJECTED, 120, "the refusal", celery_worker)
    run.refresh_from_db()
    assert "MAX_IMPORT_COLUMNS" in run.errors[0]["reason"] and run.errors[0]["line"] == 1
    peak = peak_mb(celery_worker.process.pid)
    with capsys.disabled():
        print(
            f"\nworker peak after the 1,000,000-cell header ({path.stat().st_size:,} B): "
            f"{peak:.0f} MB"
        )
    assert peak < LIMIT_MB
