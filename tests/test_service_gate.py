"""The service gate of tests/conftest.py, as CI runs it: a pass that leaves the service tests
out by marker runs, and a pass that would silently skip one stops instead."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_TEST = "tests/goals/test_recompute_lock.py"


def collect_in_ci(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"CI": "true"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_the_sqlite_pass_leaves_postgres_tests_out_without_stopping():
    done = collect_in_ci("-m", "not postgres", POSTGRES_TEST)
    assert "CI must run" not in done.stdout + done.stderr
    assert done.returncode == 5, done.stdout + done.stderr  # every test deselected


def test_ci_stops_rather_than_skip_a_postgres_test_on_sqlite():
    done = collect_in_ci(POSTGRES_TEST)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "CI must run" in done.stdout + done.stderr
    assert "PostgreSQL" in done.stdout + done.stderr
