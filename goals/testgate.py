"""A deterministic pause for fault tests: code under test announces it has reached a point and
waits there until the test opens the gate, so a test can kill a worker at exactly that point."""

from __future__ import annotations

import time
from pathlib import Path


def wait_at_gate(folder: str | None) -> None:
    """Tests only (no-op when ``folder`` is unset): touch ``folder/reached``, then wait until
    ``folder/open`` exists."""
    if not folder:
        return
    gate = Path(folder)
    (gate / "reached").touch()
    while not (gate / "open").exists():
        time.sleep(0.05)
