"""The recompute task parses its arguments and calls the service (run in-process here)."""

from datetime import date

import pytest

from goals.models import CoachingStatus, RecomputeRun, Snapshot
from goals.tasks import recompute_attainment
from tests.factories import OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ae(today):
    today(date(2023, 9, 15))
    return OpportunityFactory(owner=PersonFactory(role="ae"), stage="won").owner


def test_without_arguments_the_task_recomputes_today():
    outcome = recompute_attainment.apply().get()
    assert (outcome["people"], outcome["rows"]) == (1, 4)
    assert set(Snapshot.objects.values_list("date", flat=True)) == {date(2023, 9, 15)}


def test_the_nightly_task_is_recorded_as_nightly():
    recompute_attainment.apply(kwargs={"nightly": True})
    assert RecomputeRun.objects.get().trigger == "nightly"


def test_a_day_iso_recomputes_that_day():
    recompute_attainment.apply(kwargs={"day_iso": "2023-09-01"})
    assert set(CoachingStatus.objects.values_list("date", flat=True)) == {date(2023, 9, 1)}


def test_first_and_last_iso_backfill_a_range():
    recompute_attainment.apply(kwargs={"first_iso": "2023-09-01", "last_iso": "2023-09-05"})
    assert CoachingStatus.objects.count() == 5
