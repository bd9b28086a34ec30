"""The deals still to close (goals.closing): past-due counts and the orders a rep picks."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from goals import closing, rules

D = date(2023, 9, 15)
WEIGHTS = {"1": Decimal("0"), "2": Decimal("0.1"), "3": Decimal("0.2"), "6": Decimal("0.9")}


def counted(deals, weights=WEIGHTS) -> rules.CountedRows:
    """Open deals (id, stage, amount, close date) as the engine's counted rows."""
    frame = rules.opportunity_frame(
        (pk, 7, None, f"Account {pk}", True, stage, int(Decimal(amount) * 100), on, None)
        for pk, stage, amount, on in deals
    )
    return rules.CountedRows(frame, np.arange(len(deals)), "close_date", weights)


ROWS = counted(
    [
        (1, "3", "59500", date(2023, 8, 17)),
        (2, "6", "55500", date(2023, 9, 30)),
        (3, "1", "70600", date(2023, 5, 17)),
        (4, "2", "23900", D),  # closes today: not yet past
    ]
)


def test_an_open_deal_with_a_close_date_before_today_is_past_due():
    assert [closing.is_past_due(r, D) for r in ROWS] == [True, False, True, False]
    assert closing.past_due(ROWS, D) == closing.PastDue(2, Decimal("130100"))


def test_the_database_asks_the_same_question():
    counts = closing.past_due_counts(D)
    assert (counts.stages, counts.date_column, counts.start, counts.end) == (
        rules.OPEN_STAGES,
        "close_date",
        None,
        date(2023, 9, 14),
    )


def test_team_past_due_adds_up():
    parts = [closing.PastDue(2, Decimal(5)), closing.PastDue(3, Decimal("1.5"))]
    assert closing.total(parts) == closing.PastDue(5, Decimal("6.5"))
    assert closing.total([]) == closing.PastDue(0, Decimal(0))


def ids(sort, rows=ROWS):
    return [r.id for r in closing.sorted_deals(rows, sort)]


def test_each_sort_answers_what_to_work_on_first():
    assert ids("close_date") == [3, 1, 4, 2]
    assert ids("amount") == [3, 1, 2, 4]
    assert ids("weighted") == [2, 1, 4, 3]  # 49,950 · 11,900 · 2,390 · 0
    assert ids("stage") == [2, 1, 4, 3]


def test_an_unknown_sort_falls_back_to_close_date():
    assert closing.sort_key("drop table") == "close_date" and ids("nonsense") == ids("close_date")


# What each order means row by row: the key a rep reads it by, largest first where it says so.
ROW_ORDERS = {
    "close_date": (lambda r: (r.on or date.max, r.id), False),
    "amount": (lambda r: (r.amount, -r.id), True),
    "weighted": (lambda r: (r.weighted_amount or 0, -r.id), True),
    "stage": (lambda r: (r.stage, -r.id), True),
}
deals = st.lists(
    st.tuples(
        st.sampled_from(sorted(WEIGHTS)),
        st.sampled_from(["100", "250.50", "0", "99999.99", "250.5"]),
        st.none() | st.integers(-40, 40).map(lambda n: D + timedelta(days=n)),
    ),
    max_size=30,
)


@given(deals)
def test_the_orders_and_the_past_due_deals_are_those_of_each_row(drawn):
    rows = counted([(pk, *deal) for pk, deal in enumerate(drawn, start=1)])
    one_by_one = list(rows)
    for sort, (key, descending) in ROW_ORDERS.items():
        expected = sorted(one_by_one, key=key, reverse=descending)
        assert ids(sort, rows) == [r.id for r in expected], sort
    due = [r for r in one_by_one if closing.is_past_due(r, D)]
    assert closing.past_due(rows, D) == closing.PastDue(len(due), sum(r.amount for r in due))
    assert rows.total_amount() == sum((r.amount for r in one_by_one), Decimal(0))


def test_a_deal_without_a_close_date_is_not_past_due_and_sorts_last():
    rows = counted([(1, "3", "10", None), (2, "3", "20", D - timedelta(days=1))])
    assert closing.past_due(rows, D) == closing.PastDue(1, Decimal("20"))
    assert ids("close_date", rows) == [2, 1]


def test_no_rows_add_up_to_nothing():
    assert closing.past_due(rules.no_counted_rows(), D) == closing.PastDue(0, Decimal(0))
    assert ids("amount", rules.no_counted_rows()) == []
