"""What a sync writes to the deal history: deletions as ``removed`` states, and on the first
sync OpportunityHistory's past states at Salesforce's own timestamps (RULES.md "Deal history")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from goals.history_models import OpportunityState, StateSource
from goals.history_store import day_end, past_pipeline
from goals.models import Opportunity
from people.models import Person
from salesforce import services
from salesforce.models import SyncStatus
from tests.salesforce.conftest import owned_by, owned_by_nobody

pytestmark = pytest.mark.django_db
DEAL2, DEAL4 = "0065g00000Sf002AAA", "0065g00000Sf004AAA"
WEIGHTS = dict.fromkeys(("1", "2", "3", "4", "5", "6"), Decimal("0.5"))


def states(external_id: str) -> list[tuple]:
    return list(
        OpportunityState.objects.filter(external_id=external_id)
        .order_by("observed_at", "id")
        .values_list("stage", "amount", "source")
    )


def test_a_deletion_records_a_removed_state_and_keeps_the_history(org):
    services.sync()
    org.delete(DEAL4)
    sync = services.sync()
    assert sync.status == SyncStatus.DONE and sync.run.removed == 1
    assert not Opportunity.objects.filter(external_id=DEAL4).exists()
    history = states(DEAL4)
    assert history[0][0] == "lost" and history[-1] == ("removed", Decimal("10004.00"), "complete")
    removed = OpportunityState.objects.filter(external_id=DEAL4, stage="removed").get()
    assert removed.owner.email == "chloe@example.com" and removed.import_run == sync.run
    assert services.sync().run.removed == 0  # reported once, removed once


def test_a_deletion_with_an_edit_records_the_removal_in_the_import_run(org):
    services.sync()
    org.delete(DEAL4)
    org.put(Id="0065g00000Sf005AAA", Amount=Decimal("999.00"))
    sync = services.sync()
    assert (sync.run.updated, sync.run.removed) == (1, 1)
    assert states(DEAL4)[-1][0] == "removed"
    assert OpportunityState.objects.filter(stage="removed").count() == 1


def test_the_first_sync_backfills_opportunity_history_at_salesforces_timestamps(org):
    org.past(DEAL2, "2023-08-01T15:30:00.000+0000", StageName="Prospecting", Amount=Decimal("5000"))
    org.past(DEAL2, "2023-08-20T09:00:00.000+0000", StageName="Proposal/Price Quote")
    sync = services.sync()
    assert sync.status == SyncStatus.DONE, sync.message
    # One row per deal created in the org, and the two earlier ones of deal 2.
    assert sync.past_states == 7 and any("OpportunityHistory" in c for c in org.jobs_seen())
    past = OpportunityState.objects.filter(
        external_id=DEAL2, source=StateSource.OPPORTUNITY_HISTORY
    ).order_by("observed_at")
    first = past[0]
    assert first.observed_at.isoformat() == "2023-08-01T15:30:00+00:00"
    assert (first.stage, first.amount) == ("1", Decimal("5000.00"))
    # The fields OpportunityHistory does not record: the deal's, as this sync observed it.
    assert (first.owner.email, first.account, first.type) == (
        "avery@example.com",
        "Account 2",
        "new_business",
    )
    assert past[1].stage == "5" and past[1].amount == Decimal("10002.00")
    # The quarter's trend on day one: Avery's pipeline on past days, from those states.
    avery = Person.objects.get(email="avery@example.com")
    days = [date(2023, 7, 31), date(2023, 8, 10), date(2023, 8, 25), date(2023, 9, 15)]
    found = past_pipeline([avery.id], date(2023, 9, 30), days, WEIGHTS)
    assert found[date(2023, 7, 31)] is None  # before the first observation of any deal
    by_day = {day: found[day][avery.id]["open_by_quarter_end"] for day in days[1:]}
    assert by_day == {
        date(2023, 8, 10): Decimal("5000.00"),
        date(2023, 8, 25): Decimal("10002.00"),
        date(2023, 9, 15): Decimal("10002.00"),
    }
    # A later sync reads no OpportunityHistory again.
    org.calls.clear()
    assert services.sync().past_states == 0
    assert not any("jobs/query" in c for c in org.calls)


def test_history_rows_not_placed_are_left_out_and_said(org):
    org.past(DEAL2, "2023-08-01T15:30:00.000+0000", StageName="Discovery Call")
    org.past(DEAL2, "2023-08-02T15:30:00.000+0000", CurrencyIsoCode="JPY", Amount=Decimal("1"))
    org.past(DEAL2, "2024-01-01T00:00:00.000+0000")  # after the (frozen) sync moment
    sync = services.sync()
    assert sync.status == SyncStatus.DONE and sync.past_states == 5
    assert "OpportunityHistory rows left out:" in sync.message
    for part in ("1 with a stage not mapped", "1 with an amount not converted", "1 after"):
        assert part in sync.message
    assert not OpportunityState.objects.filter(observed_at__gt=day_end(date(2023, 9, 15))).exists()


def test_a_failed_first_sync_writes_no_history(org):
    org.past(DEAL2, "2023-08-01T15:30:00.000+0000", StageName="Prospecting")
    owned_by_nobody(org, "0065g00000Sf001AAA")
    sync = services.sync()
    assert sync.status == SyncStatus.FAILED
    assert not OpportunityState.objects.exists()
    owned_by(org, "0065g00000Sf001AAA", 0, "Avery Stone", "avery@example.com")
    assert services.sync().past_states > 0  # still the first completed sync: backfilled
