"""Issue 8, promise 5 on PostgreSQL: two imports started at once end as if run one after the
other; a second import while one is committing is told "an import is already running"; a run
left "running" by a dead worker does not block the next import and can be confirmed again."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from goals.models import Opportunity
from goals.salesforce import to_18_char_id
from imports.models import ImportRun, ImportStatus
from imports.service import ABANDONED
from imports.services import confirm, create_upload, execute, import_file
from tests.celery_worker import wait_for
from tests.factories import PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
HEADER = "Opportunity Owner,Account Name,Type,Stage,Amount,Close Date,Opportunity ID"


@pytest.fixture(autouse=True)
def avery():
    return PersonFactory(name="Avery Stone", email="avery@example.com")


def export(tmp_path, name: str, numbers: range, amount: int):
    rows = [
        f"Avery Stone,Acct {n},New Business,Stage 3,{amount},9/30/2023,0065b00000Cc{n:03d}"
        for n in numbers
    ]
    path = tmp_path / name
    path.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


def in_threads(*jobs):
    """Run each job in its own thread (its own database connection), all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def amounts() -> dict[str, Decimal]:
    return dict(Opportunity.objects.values_list("external_id", "amount"))


def test_two_imports_started_at_once_end_as_if_run_one_after_the_other(tmp_path):
    # A: deals 1-60 at 100; B: deals 31-90 at 200. They share 31-60.
    a = export(tmp_path, "a.csv", range(1, 61), 100)
    b = export(tmp_path, "b.csv", range(31, 91), 200)
    runs = in_threads(
        lambda: import_file("opportunities", a, date_format="MDY"),
        lambda: import_file("opportunities", b, date_format="MDY"),
    )
    for run in runs:  # whoever was refused imports again, after the other
        if run.status == ImportStatus.REJECTED:
            assert run.message.startswith("an import is already running")
            retried = import_file("opportunities", tmp_path / run.file_name, date_format="MDY")
            assert retried.status == ImportStatus.DONE
    done = ImportRun.objects.filter(status=ImportStatus.DONE).order_by("finished_at")
    last = done.last().file_name
    # As if one after the other: 90 distinct deals; the shared 30 carry the later file's amount.
    shared = {Decimal(100) if last == "a.csv" else Decimal(200)}
    found = amounts()
    assert len(found) == Opportunity.objects.count() == 90
    assert {found[to_18_char_id(f"0065b00000Cc{n:03d}")] for n in range(31, 61)} == shared
    assert [(r.created, r.updated) for r in done] == [(60, 0), (30, 30)]


def test_an_import_while_another_commits_is_told_one_is_running(tmp_path, settings):
    gate = tmp_path / "gate"
    gate.mkdir()
    settings.IMPORT_TEST_GATE = str(gate)
    a = export(tmp_path, "a.csv", range(1, 11), 100)
    b = export(tmp_path, "b.csv", range(5, 16), 200)
    first: list = []
    thread = threading.Thread(
        target=lambda: (
            first.append(import_file("opportunities", a, date_format="MDY")),
            connection.close(),
        )
    )
    thread.start()
    try:
        wait_for(lambda: (gate / "reached").exists(), 30, "the first import to be writing")
        settings.IMPORT_TEST_GATE = None
        second = import_file("opportunities", b, date_format="MDY")
    finally:
        (gate / "open").touch()
        thread.join(timeout=60)
    assert (second.status, second.message) == (
        ImportStatus.REJECTED,
        "an import is already running: wait for it to finish, then confirm again",
    )
    assert first[0].status == ImportStatus.DONE
    assert set(amounts().values()) == {Decimal(100)}
    assert Opportunity.objects.count() == 10


def test_a_run_left_running_by_a_dead_worker_is_released_and_can_be_confirmed_again(tmp_path):
    data = export(tmp_path, "a.csv", range(1, 4), 100).read_bytes()
    dead = create_upload(kind="opportunities", name="a.csv", data=data, date_format="MDY")
    ImportRun.objects.filter(pk=dead.pk).update(status=ImportStatus.RUNNING, commit=True)

    other = import_file(
        "opportunities", export(tmp_path, "b.csv", range(10, 12), 200), date_format="MDY"
    )
    assert other.status == ImportStatus.DONE
    dead.refresh_from_db()
    assert (dead.status, dead.commit, dead.message) == (ImportStatus.PREVIEWED, False, ABANDONED)

    again = execute(confirm(dead, skip_invalid=False))
    assert (again.status, again.created) == (ImportStatus.DONE, 3)
    assert Opportunity.objects.count() == 5
