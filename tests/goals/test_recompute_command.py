"""manage.py recompute_attainment."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from goals.models import RecomputeRun, Snapshot
from tests.factories import OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))
    OpportunityFactory(owner=PersonFactory(role="ae"), stage="won", close_date=date(2023, 8, 3))


def test_without_arguments_it_recomputes_today(capsys):
    call_command("recompute_attainment")
    assert set(Snapshot.objects.values_list("date", flat=True)) == {date(2023, 9, 15)}
    assert "4 snapshot rows" in capsys.readouterr().out


def test_date_recomputes_that_day():
    call_command("recompute_attainment", "--date", "2023-09-01")
    assert set(Snapshot.objects.values_list("date", flat=True)) == {date(2023, 9, 1)}


def test_from_and_to_backfill_a_range():
    call_command("recompute_attainment", "--from", "2023-09-01", "--to", "2023-09-03")
    assert Snapshot.objects.filter(metric_id="closed_won_acv").count() == 3
    run = RecomputeRun.objects.get()
    assert (run.first_day, run.last_day, run.trigger) == (
        date(2023, 9, 1),
        date(2023, 9, 3),
        "backfill",
    )


def test_from_without_to_is_an_error():
    with pytest.raises(CommandError, match="go together"):
        call_command("recompute_attainment", "--from", "2023-09-01")


def test_a_bad_date_is_an_error():
    with pytest.raises(CommandError, match="not a date"):
        call_command("recompute_attainment", "--date", "15/09/2023")


def test_a_future_date_is_an_error():
    with pytest.raises(CommandError, match="future"):
        call_command("recompute_attainment", "--date", "2023-09-16")
