"""A committed import brings today's figures up to date; an unchanged re-import does not."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import RecomputeRun, Snapshot
from tests.imports.conftest import load

pytestmark = pytest.mark.django_db


def test_a_committed_import_recomputes_todays_snapshots(
    team, today, django_capture_on_commit_callbacks
):
    today(date(2023, 10, 5))
    with django_capture_on_commit_callbacks(execute=True):
        load("id_18.csv", date_format="MDY")
    pipeline = Snapshot.objects.get(
        person=team["avery"], metric_id="weighted_pipeline", date=date(2023, 10, 5)
    )
    assert pipeline.value == Decimal("125")  # 250 at stage 4 (50%)


def test_an_unchanged_re_import_starts_no_recompute(
    team, today, django_capture_on_commit_callbacks
):
    today(date(2023, 10, 5))
    with django_capture_on_commit_callbacks(execute=True):
        load("id_18.csv", date_format="MDY")
    runs = RecomputeRun.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        load("id_18.csv", date_format="MDY")
    assert RecomputeRun.objects.count() == runs == 1
