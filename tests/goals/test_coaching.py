"""The coaching sentence's parts (goals.coaching): hand-computed from RULES.md's pace rule for
FY24-Q3 as of 2023-09-15 (day 46 of 92, elapsed 1/2)."""

from datetime import date
from decimal import Decimal

import pytest

from goals import coaching, rules
from goals.calendar import FiscalQuarter

Q3 = FiscalQuarter(2024, 3)
MID_Q3 = date(2023, 9, 15)
AE = rules.PersonFacts(id=1, email="ae@example.com", name="AE", role="ae")


def figure(metric, value, target, pace) -> rules.Figure:
    d = Decimal
    return rules.Figure(metric, d(value), d(target), d(pace), None)


def avery(closed_won=378000) -> rules.PersonQuarter:
    # FY24-Q3 paces mid-quarter: closed won 300,000 + (650,000 − 300,000) / 2 = 475,000;
    # weighted pipeline (point in time) 1,000,000; logos in pipe 16 + 8 / 2 = 20; logos
    # closed 0 + 6 / 2 = 3.
    return rules.PersonQuarter(
        AE,
        Q3,
        MID_Q3,
        (
            figure("closed_won_acv", closed_won, 650000, 475000),
            figure("weighted_pipeline", 1200000, 1000000, 1000000),
            figure("new_logos_in_pipe", 21, 24, 20),
            figure("new_logos_closed", 1, 6, 3),
        ),
    )


def test_behind_pace_on_two_raises_the_flag_and_says_by_how_much():
    status = coaching.coaching_status(avery(), "pace")
    assert status.flagged and (status.counted, status.meeting) == (4, 2)
    assert [(m.metric, m.short_by) for m in status.misses] == [
        ("closed_won_acv", Decimal(97000)),  # 475,000 − 378,000
        ("new_logos_closed", Decimal(2)),  # 3 − 1
    ]


def test_on_pace_on_three_of_four_is_no_flag():
    status = coaching.coaching_status(avery(closed_won=553000), "pace")
    assert not status.flagged and (status.meeting, status.counted) == (3, 4)
    assert [m.metric for m in status.misses] == ["new_logos_closed"]


def test_the_target_basis_measures_against_the_full_target():
    status = coaching.coaching_status(avery(closed_won=553000), "target")
    assert status.flagged and status.meeting == 1
    assert [(m.metric, m.short_by) for m in status.misses] == [
        ("closed_won_acv", Decimal(97000)),  # 650,000 − 553,000
        ("new_logos_in_pipe", Decimal(3)),
        ("new_logos_closed", Decimal(5)),
    ]


def test_the_status_agrees_with_the_engines_flag():
    for result in (avery(), avery(553000), avery(700000)):
        for basis in coaching.BASES:
            assert coaching.coaching_status(result, basis).flagged == result.coaching(basis)


def test_a_metric_without_target_or_value_is_not_counted():
    result = rules.PersonQuarter(
        AE,
        Q3,
        MID_Q3,
        (
            rules.Figure("closed_won_acv", Decimal(1), None, None, None),
            rules.Figure("new_logos_closed", None, Decimal(6), Decimal(3), None),
        ),
    )
    status = coaching.coaching_status(result, "pace")
    assert (status.counted, status.misses) == (0, ())


def test_an_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="'pace' or 'target'"):
        coaching.coaching_status(avery(), "full")


def test_the_other_basis_is_shown_second():
    assert coaching.other_basis("pace") == "target" and coaching.other_basis("target") == "pace"


def day(n: int) -> date:
    return date(2023, 9, n)


def test_the_flag_has_been_on_since_the_first_day_of_its_run():
    recorded = [(day(1), True), (day(2), False), (day(3), True), (day(4), True)]
    since = coaching.flag_on_since(recorded, day(5), True)
    assert since == day(3) and coaching.days_on(since, day(5)) == 3


def test_a_flag_raised_today_has_been_on_one_day():
    since = coaching.flag_on_since([(day(4), False)], day(5), True)
    assert since == day(5) and coaching.days_on(since, day(5)) == 1


def test_no_flag_today_has_no_run():
    assert coaching.flag_on_since([(day(4), True)], day(5), False) is None


def test_a_missing_night_does_not_break_the_run_and_todays_record_is_the_live_one():
    recorded = [(day(1), True), (day(3), True), (day(5), False)]
    assert coaching.flag_on_since(recorded, day(5), True) == day(1)
