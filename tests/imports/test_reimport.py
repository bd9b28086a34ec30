"""Issue 8, promise 4: importing the same export again and again changes nothing, and every
row of every file is accounted for (imported + skipped = rows in the file)."""

import csv
import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from goals.models import Snapshot
from imports.models import ImportRun, ImportStatus
from tests.imports.conftest import database_state

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "fixtures"
TIMES = 20
COMMANDS = (
    ("import_people", "demo_people.csv"),
    ("import_opportunities", "demo_opportunities.csv"),
    ("import_meetings", "demo_meetings.csv"),
)


def data_rows(path: Path) -> int:
    """Rows in the file, counted independently of the import: every non-blank line but the
    header."""
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for cells in csv.reader(handle) if any(cells)) - 1


def import_demo() -> list[ImportRun]:
    runs = []
    for command, name in COMMANDS:
        call_command(command, str(DEMO / name), "--date-format", "MDY", stdout=StringIO())
        runs.append(ImportRun.objects.order_by("-id").first())
    return runs


def figures() -> list[dict]:
    out = StringIO()
    call_command("attainment", "--quarter", "FY24-Q3", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def imported(run: ImportRun) -> int:
    return run.created + run.updated + run.unchanged


@pytest.fixture
def demo(today):
    today(date(2023, 9, 15))
    first = import_demo()
    assert [run.status for run in first] == [ImportStatus.DONE] * 3
    call_command("recompute_attainment", stdout=StringIO())
    state = database_state(), figures(), Snapshot.objects.count()
    # 861 opportunities, 355 meetings, 29 people; every rep has figures and, recomputed,
    # today's snapshots.
    assert state[0][:3] == (861, 355, 29)
    assert len(state[1]) > 50 and state[2] > 50
    return state


def test_the_demo_exports_imported_twenty_times_change_nothing(demo):
    for _ in range(TIMES):
        runs = import_demo()
        assert [(r.status, r.created, r.updated) for r in runs] == [("done", 0, 0)] * 3
        assert (database_state(), figures(), Snapshot.objects.count()) == demo


def test_every_row_of_the_demo_exports_is_accounted_for(demo):
    for run, (_, name) in zip(import_demo(), COMMANDS, strict=True):
        rows = data_rows(DEMO / name)
        assert (run.rows_in_file, imported(run), run.skipped) == (rows, rows, 0), name


MESSY = [
    "Opportunity Owner,Account Name,Opportunity Name,Type,Stage,Amount,Close Date,Opportunity ID",
    "Avery Stone,Acme,ok 1,New Business,Closed Won,1000,8/1/2023,0065b00000Rx001",
    "Avery Stone,Acme,ok 2,New Business,Stage 3,2000,9/30/2023,0065b00000Rx002",
    "",
    "Nobody Known,Acme,unknown owner,New Business,Stage 3,2000,9/30/2023,0065b00000Rx003",
    "Avery Stone,Acme,bad amount,New Business,Stage 3,lots,9/30/2023,0065b00000Rx004",
    "Avery Stone,Acme,repeats ok 1,New Business,Stage 3,5,9/30/2023,0065b00000Rx001",
    f"Avery Stone,{'A' * 256},too long,New Business,Stage 3,5,9/30/2023,0065b00000Rx006",
    "Avery Stone,Initech,ok 3,Upsell,Stage 5,3000,10/15/2023,0065b00000Rx007",
    '"Grand Totals (7 records)",,,,,"8,010.00",,',
]


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_text("\r\n".join(MESSY) + "\r\n", encoding="utf-8")
    return path


def test_a_messy_file_with_skip_invalid_twenty_times_accounts_for_every_row(team, messy, today):
    today(date(2023, 9, 15))
    runs, states = [], set()
    for _ in range(TIMES):
        call_command(
            "import_opportunities",
            str(messy),
            "--date-format",
            "MDY",
            "--skip-invalid",
            stdout=StringIO(),
        )
        runs.append(ImportRun.objects.order_by("-id").first())
        states.add(database_state())
    # 7 data rows (the blank line and the totals are not rows): lines 2, 3 and 9 are imported;
    # 5 (owner), 6 (amount), 7 (repeats line 2's id) and 8 (account too long) are skipped.
    first, *again = runs
    assert (first.rows_in_file, first.created, first.skipped) == (7, 3, 4)
    assert {(r.rows_in_file, r.created, r.updated, r.unchanged, r.skipped) for r in again} == {
        (7, 0, 0, 3, 4)
    }
    assert sorted({e["line"] for e in first.errors}) == [5, 6, 7, 8]
    assert len(states) == 1


def test_a_messy_file_without_skip_invalid_is_refused_every_time(team, messy):
    before = database_state()
    for _ in range(3):
        with pytest.raises(Exception, match="4 error"):
            call_command(
                "import_opportunities", str(messy), "--date-format", "MDY", stdout=StringIO()
            )
    assert database_state() == before
