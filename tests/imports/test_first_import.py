"""The first import into an empty database builds its indexes after the rows (imports.bulk_load):
it ends with every index and constraint as the migrations made them, a failure leaves them in
place, and an import into a table that holds deals never locks it against the pages."""

import pytest
from django.db import connection

from goals.history_models import OpportunityState
from goals.models import Opportunity
from imports import writing
from imports.service import import_written
from imports.services import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HEADER = (
    "Opportunity Owner,Account Name,Opportunity Name,Type,Stage,Amount,Close Date,Opportunity ID"
)
TABLES = (Opportunity._meta.db_table, OpportunityState._meta.db_table)


def write_export(path, ids, amount="100"):
    lines = [HEADER] + [
        f"Avery Stone,A{i},deal {i},New Business,3,{amount},10/3/2023,0065b00000St{i:03d}"
        for i in ids
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def schema() -> set[tuple]:
    """Every index and constraint of the two tables the import writes, with its definition."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [list(TABLES)],
        )
        found = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)",
            [list(TABLES)],
        )
        return found | set(cursor.fetchall())


def locked_by_me() -> set[str]:
    """The tables this session holds ACCESS EXCLUSIVE: no page can read them until commit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = pg_backend_pid() AND l.mode = 'AccessExclusiveLock' "
            "AND c.relname = ANY(%s)",
            [list(TABLES)],
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def locks_while_writing():
    seen = []

    def look(sender, run, **kwargs):
        seen.append(locked_by_me())

    import_written.connect(look, dispatch_uid="test-first-import-locks")
    yield seen
    import_written.disconnect(dispatch_uid="test-first-import-locks")


def test_the_first_import_ends_with_the_indexes_and_constraints_it_found(
    team, tmp_path, locks_while_writing
):
    before = schema()
    run = import_file(
        "opportunities", write_export(tmp_path / "w1.csv", range(30)), date_format="MDY"
    )

    assert (run.status, run.created, run.states_recorded) == ("done", 30, 30)
    assert schema() == before
    assert locks_while_writing == [set(TABLES)]  # empty: loaded with its indexes down
    # The rebuilt unique key and foreign keys hold: the next import upserts, and refuses nothing.
    again = import_file(
        "opportunities", write_export(tmp_path / "w2.csv", range(20, 40), "250"), date_format="MDY"
    )
    assert (again.created, again.updated, again.unchanged) == (10, 10, 0)
    assert Opportunity.objects.count() == 40
    assert Opportunity.objects.filter(amount=250).count() == 20


@pytest.mark.django_db(transaction=True)  # each import commits, releasing its locks
def test_an_import_into_a_table_with_deals_leaves_it_readable(team, tmp_path, locks_while_writing):
    import_file("opportunities", write_export(tmp_path / "w1.csv", range(5)), date_format="MDY")
    locks_while_writing.clear()

    run = import_file(
        "opportunities", write_export(tmp_path / "w2.csv", range(3, 9), "300"), date_format="MDY"
    )

    assert (run.created, run.updated) == (4, 2)
    assert locks_while_writing == [set()]


def test_a_first_import_failing_with_its_indexes_down_changes_nothing(team, tmp_path, monkeypatch):
    before = schema()
    real = writing.diff_and_upsert

    def write_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "diff_and_upsert", write_then_fail)
    run = import_file(
        "opportunities", write_export(tmp_path / "w1.csv", range(30)), date_format="MDY"
    )

    assert run.status == "failed"
    assert "nothing changed" in run.message
    assert Opportunity.objects.count() == OpportunityState.objects.count() == 0
    assert schema() == before
