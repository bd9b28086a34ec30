"""quarter_results_by_day: one load of the engine's inputs for a range of days, with exactly
the figures quarter_results gives day by day."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.calendar import FiscalQuarter
from goals.models import OpportunityState
from goals.selectors import quarter_results, quarter_results_by_day
from tests.factories import OpportunityFactory, PersonFactory
from tests.goals.test_selectors import build_org

pytestmark = pytest.mark.django_db
Q3 = FiscalQuarter(2024, 3)
TODAY = date(2023, 9, 15)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.fixture
def org(today):
    today(TODAY)
    people = build_org(9)
    sdr = PersonFactory(role="sdr", sdr_segment="inbound", start_date=date(2023, 4, 10))
    for month in (3, 5, 6, 7, 8):  # SAOs across the rolling window, before and after start
        OpportunityFactory(owner=None, sourced_by=sdr, sao_date=date(2023, month, 12))
    OpportunityFactory(owner=people[0], stage="won", close_date=date(2023, 9, 9))
    # RULES.md: a past day's point-in-time figures come from the deal history.
    OpportunityState.objects.create(
        external_id="0065b0000000777AAA", observed_at=datetime(2023, 9, 10, 6, tzinfo=UTC),
        source="import", owner=people[0], account="A", type="new_business", stage="5",
        amount=Decimal("1000.00"), close_date=date(2023, 10, 1),
    )  # fmt: skip
    return people + [sdr]


def test_range_figures_equal_day_by_day_figures(org):
    by_day = quarter_results_by_day(org, Q3, days(date(2023, 8, 1), TODAY))
    for day, results in by_day.items():
        assert results == quarter_results(org, Q3, day), day


def test_a_range_reads_point_in_time_values_per_day_from_the_history(org):
    by_day = quarter_results_by_day(org[:1], Q3, days(date(2023, 9, 9), date(2023, 9, 11)))
    pipeline = {d: r[0].figure("weighted_pipeline").value for d, r in by_day.items()}
    assert pipeline == {
        date(2023, 9, 9): None,  # before the first observation of any deal
        date(2023, 9, 10): Decimal(750),
        date(2023, 9, 11): Decimal(750),
    }
    assert by_day[date(2023, 9, 10)][0].look_ahead.open_pipeline == Decimal(1000)


def test_a_day_after_today_is_refused(org):
    with pytest.raises(ValueError, match="not after today"):
        quarter_results_by_day(org, Q3, [date(2023, 9, 16)])


def test_range_queries_do_not_grow_with_people_or_days(today):
    today(TODAY)
    small, large = build_org(3), build_org(60)

    def queries(people, span):
        with CaptureQueriesContext(connection) as context:
            quarter_results_by_day(people, Q3, days(TODAY - timedelta(days=span), TODAY))
        return len(context.captured_queries)

    assert queries(small, 1) == queries(small + large, 30)
