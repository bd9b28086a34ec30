"""The deals still to close (goals.closing): past-due counts and the orders a rep picks."""

from datetime import date
from decimal import Decimal

from goals import closing, rules

D = date(2023, 9, 15)


def row(pk, stage, amount, on, weight="0.2") -> rules.CountedRow:
    amount, weight = Decimal(amount), Decimal(weight)
    return rules.CountedRow(pk, f"Account {pk}", stage, amount, weight, amount * weight, on)


ROWS = [
    row(1, "3", "59500", date(2023, 8, 17)),
    row(2, "6", "55500", date(2023, 9, 30), "0.9"),
    row(3, "1", "70600", date(2023, 5, 17), "0"),
    row(4, "2", "23900", D, "0.1"),  # closes today: not yet past
]


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


def ids(sort):
    return [r.id for r in closing.sorted_deals(ROWS, sort)]


def test_each_sort_answers_what_to_work_on_first():
    assert ids("close_date") == [3, 1, 4, 2]
    assert ids("amount") == [3, 1, 2, 4]
    assert ids("weighted") == [2, 1, 4, 3]  # 49,950 · 11,900 · 2,390 · 0
    assert ids("stage") == [2, 1, 4, 3]


def test_an_unknown_sort_falls_back_to_close_date():
    assert closing.sort_key("drop table") == "close_date" and ids("nonsense") == ids("close_date")
