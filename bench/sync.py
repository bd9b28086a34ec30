"""The Salesforce sync against the CSV import of the same records.

``bench_sync(size, env)`` (called by ``bench.run``): the stand-in (``bench.standin``) starts
as its own process holding ``size`` opportunities; a first sync (Bulk API 2.0) into an empty
database; 1% of the records change in the org and an incremental sync (REST) reads them; then,
in a fresh database, the CSV import of the same records as a report export would hold them.

Each step runs in its own process: ``python -m bench.sync first|incremental|csv SIZE``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait_for(path: Path, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return json.loads(path.read_text())
        time.sleep(0.2)
    raise SystemExit(f"the Salesforce stand-in did not write {path.name} within {seconds:.0f}s")


def pacer_settings(found: dict) -> dict[str, str]:
    """Pacer's SALESFORCE_* environment for the stand-in (JWT bearer flow, its CA bundle)."""
    return {
        "SALESFORCE_LOGIN_URL": found["url"],
        "SALESFORCE_CLIENT_ID": found["client_id"],
        "SALESFORCE_USERNAME": found["username"],
        "SALESFORCE_PRIVATE_KEY_FILE": found["private_key_file"],
        "SALESFORCE_CA_BUNDLE": found["ca_bundle"],
        "SALESFORCE_SAO_FIELD": "SAO_Date__c",
        "SALESFORCE_SDR_FIELD": "Sourced_By__c",
        "SALESFORCE_BULK_POLL_SECONDS": "0",
    }


def bench_sync(size: int, env: dict[str, str]) -> dict[str, dict]:
    from bench import run

    run.reset_database(env)
    importing = dict(env, CELERY_BROKER_URL=run.BENCH_BROKER)
    with tempfile.TemporaryDirectory(prefix="bench-standin-") as directory:
        folder = Path(directory)
        standin = subprocess.Popen(  # noqa: S603
            [run.PY, "-m", "bench.standin", str(size), directory], cwd=ROOT, env=env
        )
        try:
            org = pacer_settings(wait_for(folder / "standin.json", 60 + size / 2000))
            syncing = dict(importing, **org)
            first, first_peak = run.run_step(step("first", size), syncing)
            run.purge_queued_tasks()
            standin.send_signal(signal.SIGUSR1)
            changed = wait_for(folder / "changed.json", 60 + size / 20_000)
            incremental, incremental_peak = run.run_step(step("incremental", size), syncing)
            run.purge_queued_tasks()
        finally:
            standin.terminate()
            standin.wait(timeout=30)
    run.reset_database(env)
    csv, csv_peak = run.run_step(step("csv", size), dict(importing, **org))
    run.purge_queued_tasks()
    first["peak_mb"], incremental["peak_mb"], csv["peak_mb"] = (
        first_peak,
        incremental_peak,
        csv_peak,
    )
    incremental["changed_in_org"] = changed["changed"]
    return {"first": first, "incremental": incremental, "csv": csv}


def step(what: str, size: int) -> list[str]:
    return [sys.executable, "-m", "bench.sync", what, str(size)]


def sync_step() -> dict[str, object]:
    from salesforce.services import sync

    started = time.perf_counter()
    record = sync()
    seconds = time.perf_counter() - started
    if record.status != "done":
        raise SystemExit(f"the sync failed: {record.message}")
    run = record.run
    return {
        "seconds": seconds,
        "read": record.read,
        "created": run.created,
        "updated": run.updated,
        "states": run.states_recorded,
        "api_calls": record.api_calls,
    }


def write_users(path: Path) -> Path:
    """The org's users as a data loader User file: the CSV import resolves OwnerId with it."""
    from tests.salesforce_standin.synthetic import synthetic_users

    lines = ["Id,Name,Email"] + [
        f"{u['Id']},{u['Name']},{u['Email']}" for u in synthetic_users().values()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def csv_step(size: int) -> dict[str, object]:
    """The same records as the export a report would give (``salesforce.services.as_export``,
    the sync's own columns, owners by OwnerId), imported by the CSV path with the org's User
    file."""
    from bench.standin import records
    from imports.services import import_file
    from salesforce.services import as_export

    def text(value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    with tempfile.TemporaryDirectory(prefix="bench-sync-csv-") as directory:
        path = Path(directory) / "salesforce_export.csv"
        path.write_bytes(as_export({k: text(v) for k, v in r.items()} for r in records(size)))
        users = write_users(Path(directory) / "User.csv")
        started = time.perf_counter()
        run = import_file("opportunities", path, users=users)
        seconds = time.perf_counter() - started
    if run.error_count:
        raise SystemExit(f"the CSV import of the synced records has {run.error_count} error(s)")
    return {"seconds": seconds, "created": run.created, "states": run.states_recorded}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    what, size = sys.argv[1], int(sys.argv[2])
    found = csv_step(size) if what == "csv" else sync_step()
    print(json.dumps(found))
