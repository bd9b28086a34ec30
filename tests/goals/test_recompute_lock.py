"""One recompute at a time: a PostgreSQL advisory lock, released when its session ends."""

from datetime import date

import psycopg
import pytest

from goals.models import RecomputeRun, Snapshot
from goals.recompute import LOCK_KEY, RecomputeBusy, recompute_day
from tests.celery_worker import database_url
from tests.factories import OpportunityFactory, PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
TODAY = date(2023, 9, 15)


@pytest.fixture(autouse=True)
def ae(today):
    today(TODAY)
    OpportunityFactory(owner=PersonFactory(role="ae"), stage="won", close_date=date(2023, 8, 3))


@pytest.fixture
def other_session_holds_the_lock():
    with psycopg.connect(database_url(), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        yield


def test_a_recompute_is_refused_while_another_holds_the_lock(other_session_holds_the_lock):
    with pytest.raises(RecomputeBusy):
        recompute_day(TODAY)
    assert not Snapshot.objects.exists()
    assert not RecomputeRun.objects.exists()


def test_the_lock_is_free_again_after_a_run():
    recompute_day(TODAY)
    recompute_day(TODAY)
    assert Snapshot.objects.count() == 4
