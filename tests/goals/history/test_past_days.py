"""Issue 15: a past day's point-in-time figures come from each deal's state at the end of that
day, in a fixed number of queries whatever the number of deals or states."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.calendar import FiscalQuarter
from goals.models import OpportunityState
from goals.selectors import quarter_results, quarter_results_by_day
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
Q3 = FiscalQuarter(2024, 3)


def add_states(owner, deals: int, weeks: int) -> None:
    OpportunityState.objects.bulk_create(
        OpportunityState(
            external_id=f"0065b{owner.id:05d}{deal:05d}AAA",
            observed_at=datetime(2023, 8, 4, 6, tzinfo=UTC) + timedelta(weeks=week),
            source="import",
            owner=owner,
            account=f"A{deal}",
            type="expansion",
            stage=str(1 + (deal + week) % 6),
            amount=Decimal(1000 + week),
            close_date=date(2023, 10, 1),
        )  # fmt: skip
        for deal in range(deals)
        for week in range(weeks)
    )


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_weighted_pipeline_of_a_past_day_is_the_states_at_its_end(today):
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae")
    OpportunityState.objects.create(
        external_id="0065b0000000001AAA", observed_at=datetime(2023, 9, 8, 23, 59, tzinfo=UTC),
        source="import", owner=ae, account="A", type="expansion", stage="4",
        amount=Decimal("100.01"), close_date=date(2023, 10, 1),
    )  # fmt: skip
    OpportunityState.objects.create(
        external_id="0065b0000000001AAA", observed_at=datetime(2023, 9, 9, 0, 0, 1, tzinfo=UTC),
        source="import", owner=ae, account="A", type="expansion", stage="6",
        amount=Decimal("100.01"), close_date=date(2023, 10, 1),
    )  # fmt: skip
    [before] = quarter_results([ae], Q3, date(2023, 9, 7))
    [day] = quarter_results([ae], Q3, date(2023, 9, 8))
    [after] = quarter_results([ae], Q3, date(2023, 9, 9))
    assert before.figure("weighted_pipeline").value is None
    assert day.figure("weighted_pipeline").value == Decimal("50.005")
    assert after.figure("weighted_pipeline").value == Decimal("90.009")
    assert day.look_ahead.open_pipeline == Decimal("100.01")


def test_past_day_queries_do_not_grow_with_deals_or_states(today):
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae")
    add_states(ae, 3, 2)
    small = queries(lambda: quarter_results([ae], Q3, date(2023, 9, 1)))
    small_range = queries(
        lambda: quarter_results_by_day([ae], Q3, [date(2023, 8, 20), date(2023, 9, 1)])
    )
    add_states(ae, 40, 6)
    assert queries(lambda: quarter_results([ae], Q3, date(2023, 9, 1))) == small
    assert small_range == queries(
        lambda: quarter_results_by_day([ae], Q3, [date(2023, 8, 20), date(2023, 9, 1)])
    )
