"""Each state's ``superseded_at`` (the moment of its deal's next state) makes "the state at T"
an index range: it must pick, for every deal and moment, the state ``History.states_at``
picks (the latest by observed_at, then id), however the states arrived, and it must be kept
by the real import."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from goals.history import History
from goals.history_store import at_moment, deal_states
from goals.models import OpportunityState
from imports.history_writing import link_states
from imports.services import import_file
from tests.factories import PersonFactory

from .exports import Deal, write_export

START = datetime(2023, 9, 1, 6, tzinfo=UTC)
DEALS = ("0065b00000000A1AAA", "0065b00000000A2AAA", "0065b00000000A3AAA")

# A batch of states written by one run: (deal, minutes after START); the runs in any order.
batches = st.lists(
    st.lists(st.tuples(st.sampled_from(DEALS), st.integers(0, 4)), min_size=1, max_size=5),
    min_size=1,
    max_size=4,
)


class StateAtMoment(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(batches, st.booleans())
    def test_the_state_at_a_moment_is_the_latest_observed_by_then(self, runs, first_alone):
        owner = PersonFactory(role="ae")
        # Each state its own amount, so that of two states observed at one moment the test
        # sees which one was picked.
        for number, batch in enumerate(runs, start=1):
            OpportunityState.objects.bulk_create(
                OpportunityState(
                    external_id=deal, observed_at=START + timedelta(minutes=minute),
                    import_run_id=number, source="import", owner=owner, account="A",
                    type="expansion", stage="3", amount=Decimal(number * 10 + index),
                    close_date=date(2023, 9, 30),
                )  # fmt: skip
                for index, (deal, minute) in enumerate(batch)
            )
            link_states(number, alone=first_alone and number == 1)
        history = deal_states([owner.id], START + timedelta(days=1))
        for minute in range(6):
            for moment in (START + timedelta(minutes=minute, seconds=s) for s in (-1, 0, 1)):
                expected = {
                    (s.external_id, s.observed_at, s.amount_cents)
                    for s in History.states_at(history, moment).values()
                }
                found = set(
                    OpportunityState.objects.filter(at_moment(moment)).values_list(
                        "external_id", "observed_at", "amount"
                    )
                )
                assert {(d, at, int(amount * 100)) for d, at, amount in found} == expected


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(0, 1, 2), (2, 0, 1), (1, 2, 0)])
def test_imports_in_any_order_keep_each_deals_states_linked(tmp_path, order):
    """An older export arriving late goes between the states it falls between."""
    owner = PersonFactory(role="ae", name="Ana Ruiz")
    stages = ("2", "4", "won")
    taken = [datetime(2023, 9, 4 + 7 * week, 6, tzinfo=UTC) for week in range(3)]
    for week in order:
        deals = [
            Deal("0065b00000000A1AAA", owner.name, stages[week], Decimal(1000), date(2023, 9, 20)),
            Deal("0065b00000000A2AAA", owner.name, "3", Decimal(2000), date(2023, 9, 21)),
        ]
        path = write_export(tmp_path / f"week{week}.csv", deals)
        run = import_file("opportunities", path, taken_at=taken[week])
        assert run.error_count == 0, run.errors
    one = OpportunityState.objects.filter(external_id="0065b00000000A1AAA")
    assert list(one.order_by("observed_at").values_list("observed_at", "superseded_at")) == [
        (taken[0], taken[1]),
        (taken[1], taken[2]),
        (taken[2], None),
    ]
    # The deal that never changed: one state per export that saw it first (an older one
    # arriving late records its first observation), each superseded by the next.
    two = list(
        OpportunityState.objects.filter(external_id="0065b00000000A2AAA")
        .order_by("observed_at")
        .values_list("observed_at", "superseded_at")
    )
    assert [superseded for _, superseded in two] == [at for at, _ in two[1:]] + [None]
    assert two[0][0] == taken[0]
