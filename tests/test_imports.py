"""The import contracts of pyproject.toml (which app may import which, no cycles, services
never import tasks) hold, and a break of them fails ``lint-imports``."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
APPS = ("config", "people", "goals", "imports", "okrs", "framework", "reports", "demo", "display")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_a_cycle_an_upward_import_and_a_service_importing_a_task_break_them(tmp_path):
    for app in APPS:
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    # Every module a contract names exists, empty unless written below.
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for contract in contracts["contracts"]:
        for module in contract.get("source_modules", []) + contract.get("forbidden_modules", []):
            if "." in module:  # an app itself is a package made above
                (tmp_path / (module.replace(".", "/") + ".py")).touch(exist_ok=True)
    (tmp_path / "goals" / "rules.py").write_text("from goals import rows\n")
    (tmp_path / "goals" / "rows.py").write_text("from goals import rules\n")
    (tmp_path / "people" / "selectors.py").write_text("import goals.rules\n")
    (tmp_path / "goals" / "tasks.py").write_text("")
    (tmp_path / "goals" / "recompute.py").write_text("from goals import tasks\n")
    (tmp_path / "okrs" / "okrs.py").write_text("import reports\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "0 kept, 4 broken" in result.stdout, result.stdout + result.stderr
