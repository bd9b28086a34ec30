"""An import that changes much of a table leaves PostgreSQL's planner statistics up to date."""

import pytest
from django.db import connection

from goals.models import Opportunity
from imports.models import ImportRun
from imports.service import changed_much
from imports.services import import_file

pytestmark = pytest.mark.django_db

HEADER = (
    "Opportunity Owner,Account Name,Opportunity Name,Type,Stage,Amount,Close Date,Opportunity ID"
)


def write_export(path, rows: int, stage: str):
    lines = [HEADER] + [
        f"Avery Stone,A{i},deal {i},New Business,{stage},100,10/3/2023,0065b00000St{i:03d}"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stage_statistics() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text FROM pg_stats "
            "WHERE tablename = 'goals_opportunity' AND attname = 'stage'"
        )
        row = cursor.fetchone()
    return row and row[0]


def test_a_large_import_commits_with_its_statistics_step(
    team, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = import_file(
            "opportunities", write_export(tmp_path / "big.csv", 80, "3"), date_format="MDY"
        )
    assert (run.status, run.created) == ("done", 80)
    assert Opportunity.objects.filter(stage="3").count() == 80


@pytest.mark.postgres
def test_a_large_import_analyzes_the_table_it_wrote(
    team, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file("opportunities", write_export(tmp_path / "big.csv", 80, "5"), date_format="MDY")
    assert stage_statistics() == "{5}"


def test_an_import_past_autovacuums_threshold_changed_much():
    # past 50 rows + 10% of the 1,000 the table held before
    assert changed_much(ImportRun(created=150, updated=1, unchanged=999, missing_from_file=0))
    assert not changed_much(ImportRun(created=150, updated=0, unchanged=990, missing_from_file=10))
    assert changed_much(ImportRun(created=51, updated=0, unchanged=0, missing_from_file=0))
