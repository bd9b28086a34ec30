"""The OKR rules: progress per key result kind, linked key results, confidence trend."""

from datetime import date
from decimal import Decimal

import pytest

from goals.calendar import FiscalQuarter
from okrs import rules as okr_rules
from okrs.rules import AccountFacts, CheckInFacts, Deal

FY22_Q3 = FiscalQuarter(2022, 3)  # seed 002: 2021-08-01 … 2021-10-31
D = date(2021, 9, 15)


def test_numeric_progress_runs_from_start_to_target():
    assert okr_rules.progress(
        "numeric", current=Decimal(40), start=Decimal(10), target=Decimal(70)
    ) == Decimal(50)


def test_numeric_progress_may_pass_the_target():
    assert okr_rules.progress(
        "numeric", current=Decimal(90), start=Decimal(10), target=Decimal(70)
    ) == Decimal(400) / Decimal(3)


def test_numeric_progress_toward_a_falling_target():
    # Talent: average time-to-fill from 60 days down to 45; at 50 two thirds of the way.
    value = okr_rules.progress(
        "numeric", current=Decimal(50), start=Decimal(60), target=Decimal(45)
    )
    assert value == Decimal(1000) / Decimal(15)


def test_numeric_progress_never_below_zero():
    assert okr_rules.progress(
        "numeric", current=Decimal(5), start=Decimal(10), target=Decimal(70)
    ) == Decimal(0)


def test_numeric_progress_unknown_without_target_or_start():
    assert okr_rules.progress("numeric", current=Decimal(5), start=Decimal(0)) is None
    assert okr_rules.progress("numeric", current=Decimal(5), target=Decimal(9)) is None


def test_score_progress_is_value_over_target():
    # seed 002: survey average 4+ out of 5; an average of 3.6 is 90% of the way.
    assert okr_rules.progress("score", current=Decimal("3.6"), target=Decimal(4)) == Decimal(90)


def test_percentage_progress_is_value_over_target():
    # Talent: final Q3 hiring 85%+ of plan; 68% hired is 80% of the way.
    assert okr_rules.progress("score", current=Decimal(68), target=Decimal(85)) == Decimal(80)


def test_milestone_progress_is_all_or_nothing():
    assert okr_rules.progress("milestone", done=True) == Decimal(100)
    assert okr_rules.progress("milestone", done=False) == Decimal(0)
    assert okr_rules.progress("milestone") == Decimal(0)


ACCOUNTS = [
    AccountFacts("Globex", is_target=True, employee_count=12_000),
    AccountFacts("Initech", is_target=True, employee_count=800),
    AccountFacts("Umbrella", is_target=False, employee_count=5_000),
    AccountFacts("Hooli", is_target=True, employee_count=None),
]


def test_target_account_saos_count_new_business_saos_on_the_list_this_quarter():
    deals = [
        Deal("Globex", True, "2", date(2021, 12, 1), sao_date=date(2021, 8, 1)),
        Deal(" initech ", True, "1", date(2021, 12, 1), sao_date=date(2021, 9, 15)),
        Deal("Globex", True, "3", date(2021, 12, 1), sao_date=date(2021, 9, 2)),
        Deal("Globex", False, "3", date(2021, 12, 1), sao_date=date(2021, 9, 2)),  # expansion
        Deal("Umbrella", True, "3", date(2021, 12, 1), sao_date=date(2021, 9, 2)),  # not target
        Deal("Initech", True, "3", date(2021, 12, 1), sao_date=date(2021, 7, 31)),  # Q2
        Deal("Initech", True, "3", date(2021, 12, 1), sao_date=date(2021, 9, 16)),  # after D
        Deal("Hooli", True, "3", date(2021, 12, 1), sao_date=None),  # never an SAO
    ]
    value = okr_rules.linked_value("target_account_saos", deals, ACCOUNTS, FY22_Q3, D)
    assert value == Decimal(3)


def test_large_enterprise_stage_4_counts_stage_4_and_beyond_closing_this_fiscal_year():
    deals = [
        Deal("Globex", True, "4", date(2022, 1, 31)),  # last day of FY22
        Deal("Globex", False, "6", date(2021, 11, 30)),  # expansion counts too
        Deal("Umbrella", True, "won", date(2021, 8, 20)),  # 5,000 employees is large
        Deal("Globex", True, "3", date(2021, 11, 30)),  # stage 3
        Deal("Globex", True, "lost", date(2021, 11, 30)),
        Deal("Globex", True, "5", date(2022, 2, 1)),  # FY23 close date
        Deal("Initech", True, "5", date(2021, 11, 30)),  # 800 employees
        Deal("Hooli", True, "5", date(2021, 11, 30)),  # size unknown
    ]
    value = okr_rules.linked_value("large_enterprise_stage_4", deals, ACCOUNTS, FY22_Q3, D)
    assert value == Decimal(3)


def test_large_enterprise_logos_count_distinct_accounts_won_new_business_this_quarter():
    deals = [
        Deal("Globex", True, "won", date(2021, 8, 3)),
        Deal("GLOBEX", True, "won", date(2021, 9, 1)),  # same logo
        Deal("Umbrella", True, "won", date(2021, 9, 15)),
        Deal("Umbrella", False, "won", date(2021, 9, 1)),  # expansion is no new logo
        Deal("Initech", True, "won", date(2021, 9, 1)),  # not large
        Deal("Globex", True, "won", date(2021, 7, 30)),  # Q2
        Deal("Umbrella", True, "6", date(2021, 9, 1)),  # not won
    ]
    value = okr_rules.linked_value("large_enterprise_logos", deals, ACCOUNTS, FY22_Q3, D)
    assert value == Decimal(2)


def test_large_enterprise_threshold_is_a_setting():
    deals = [Deal("Initech", True, "won", date(2021, 9, 1))]
    value = okr_rules.linked_value(
        "large_enterprise_logos", deals, ACCOUNTS, FY22_Q3, D, min_employees=500
    )
    assert value == Decimal(1)


def test_unknown_link_is_an_error():
    with pytest.raises(ValueError):
        okr_rules.linked_value("iarr", [], ACCOUNTS, FY22_Q3, D)


def test_moved_is_the_change_since_last_week():
    assert okr_rules.moved(Decimal(7), Decimal(4)) == Decimal(3)
    assert okr_rules.moved(Decimal(7), None) is None


def test_week_ends_step_weekly_and_end_on_d():
    assert okr_rules.week_ends(FY22_Q3, date(2021, 8, 20)) == [
        date(2021, 8, 7),
        date(2021, 8, 14),
        date(2021, 8, 20),
    ]


def test_confidence_trend_averages_each_key_results_latest_confidence():
    check_ins = [
        CheckInFacts(1, date(2021, 8, 2), 8),
        CheckInFacts(2, date(2021, 8, 10), 4),
        CheckInFacts(1, date(2021, 8, 12), 6),
    ]
    days = [date(2021, 8, 1), date(2021, 8, 7), date(2021, 8, 14)]
    assert okr_rules.confidence_trend(check_ins, days) == [
        (date(2021, 8, 1), None),
        (date(2021, 8, 7), Decimal(8)),
        (date(2021, 8, 14), Decimal(5)),
    ]
