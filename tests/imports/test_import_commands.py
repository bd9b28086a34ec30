"""The import_* commands, the demo through the import path, and one import at a time."""

from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from demo import demo
from goals.models import Opportunity
from imports.models import ImportKind, ImportRun, ImportStatus
from imports.service import IMPORT_LOCK_KEY
from imports.services import execute
from tests.imports.conftest import FILES, database_state

pytestmark = pytest.mark.django_db
DEMO = Path(settings.BASE_DIR) / "fixtures"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_command_prints_the_summary(team):
    out = run("import_opportunities", str(FILES / "amounts.csv"), "--date-format", "MDY")
    assert "rows in file 6: imported 6 (new 6, updated 0, unchanged 0), skipped 0" in out


def test_command_exits_non_zero_and_names_the_error_when_nothing_changed(team):
    before = database_state()
    with pytest.raises(CommandError, match="1 error"):
        run("import_opportunities", str(FILES / "unknown_owner.csv"), "--date-format", "MDY")
    assert database_state() == before


def test_dry_run_prints_what_would_change_and_writes_nothing(team):
    out = run(
        "import_opportunities", str(FILES / "amounts.csv"), "--date-format", "MDY", "--dry-run"
    )
    assert "would import 6 (new 6" in out
    assert Opportunity.objects.count() == 0


def test_reimporting_the_demo_export_leaves_every_attainment_figure_unchanged(today):
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    figures = run("attainment", "--quarter", "FY24-Q3", "--format", "csv")
    out = run(
        "import_opportunities",
        str(DEMO / "demo_opportunities.csv"),
        "--date-format",
        "MDY",
    )
    assert "imported 861 (new 0, updated 0, unchanged 861)" in out
    run("import_meetings", str(DEMO / "demo_meetings.csv"), "--date-format", "MDY")
    assert run("attainment", "--quarter", "FY24-Q3", "--format", "csv") == figures


def test_demo_figures_match_the_hand_checked_closed_won_of_avery_stone(today):
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    out = run("attainment", "--quarter", "FY24-Q3", "--format", "csv")
    # Σ of Avery Stone's Closed Won rows in demo_opportunities.csv closing 2023-02-01..09-15
    assert "avery.stone@pacer.example,ae,closed_won_acv,553000," in out


@contextmanager
def another_import_running():
    """A run marked running, and on PostgreSQL its lock held by another session (a run marked
    running with no lock holder is one whose worker died: the next import releases it)."""
    ImportRun.objects.create(kind=ImportKind.MEETINGS, file_name="big.csv", status="running")
    if connection.vendor != "postgresql":
        yield
        return
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        yield


def test_a_second_import_is_told_one_is_already_running(team):
    second = ImportRun.objects.create(
        kind=ImportKind.OPPORTUNITIES, file_name="amounts.csv", commit=True
    )
    with another_import_running(), (FILES / "amounts.csv").open("rb") as handle:
        execute(second, handle)
    assert second.status == ImportStatus.REJECTED
    assert "an import is already running" in second.message
    assert Opportunity.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("unknown_owner.csv", "unknown people: Nobody Known"),
        ("unknown_stage.csv", "unknown stages: Maybe Later"),
    ],
)
def test_preview_lists_unknown_people_and_stages_by_name(team, name, listed):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_opportunities", str(FILES / name), "--dry-run", stdout=out)
    assert listed in out.getvalue()
