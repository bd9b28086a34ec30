"""A deterministic pause for fault tests: code under test announces it has reached a point and
waits there until the test opens the gate, so a test can kill a worker at exactly that point.

Test code only: ``tests.settings`` installs this module's app, whose receivers wait on the
"written, not yet committed" signals of imports and the recompute when a gate folder is set
(``IMPORT_TEST_GATE`` / ``RECOMPUTE_TEST_GATE``, from ``PACER_*_TEST_GATE`` for a worker).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


def wait_at_gate(folder: str | None) -> None:
    """Tests only (no-op when ``folder`` is unset): touch ``folder/reached``, then wait until
    ``folder/open`` exists."""
    if not folder:
        return
    gate = Path(folder)
    (gate / "reached").touch()
    while not (gate / "open").exists():
        time.sleep(0.05)


def _import_gate(sender, **kwargs) -> None:
    wait_at_gate(settings.IMPORT_TEST_GATE)


def _recompute_gate(sender, **kwargs) -> None:
    wait_at_gate(settings.RECOMPUTE_TEST_GATE)


def _part_fault(sender, person_ids, **kwargs) -> None:
    """A split recompute's part: slowed by ``RECOMPUTE_TEST_PART_SECONDS`` (so two workers
    both get parts), noted with the process id in ``RECOMPUTE_TEST_PART_LOG`` (which worker
    ran it), failed when it holds ``RECOMPUTE_TEST_FAIL_PERSON``."""
    if settings.RECOMPUTE_TEST_PART_LOG:
        with Path(settings.RECOMPUTE_TEST_PART_LOG).open("a") as log:
            log.write(f"{os.getpid()} {min(person_ids)}\n")
    if settings.RECOMPUTE_TEST_PART_SECONDS:
        time.sleep(settings.RECOMPUTE_TEST_PART_SECONDS)
    if settings.RECOMPUTE_TEST_FAIL_PERSON in person_ids:
        raise RuntimeError(f"test fault: the part of person {settings.RECOMPUTE_TEST_FAIL_PERSON}")


class TestGateConfig(AppConfig):
    """The gates, as an app of the test settings only."""

    name = "tests"
    label = "test_gates"

    def ready(self) -> None:
        from goals.recompute import recompute_written
        from goals.recompute_split import part_computing
        from imports.service import import_written

        import_written.connect(_import_gate, dispatch_uid="test-gate-import")
        recompute_written.connect(_recompute_gate, dispatch_uid="test-gate-recompute")
        part_computing.connect(_part_fault, dispatch_uid="test-fault-part")
