from datetime import date
from decimal import Decimal

import pytest

from goals.calendar import FiscalQuarter, FiscalYear, complete_months_before


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2023, 1, 31), "FY23-Q4"),
        (date(2023, 2, 1), "FY24-Q1"),
        (date(2023, 4, 30), "FY24-Q1"),
        (date(2023, 5, 1), "FY24-Q2"),
        (date(2023, 8, 1), "FY24-Q3"),
        (date(2023, 11, 1), "FY24-Q4"),
        (date(2024, 1, 31), "FY24-Q4"),
        (date(2024, 2, 1), "FY25-Q1"),
    ],
)
def test_quarter_containing_a_day(day, label):
    assert FiscalQuarter.containing(day).label == label


def test_fy24_runs_february_to_january():
    assert FiscalYear(2024).start == date(2023, 2, 1)
    assert FiscalYear(2024).end == date(2024, 1, 31)


def test_fy22_q3_matches_the_okr_seed():
    quarter = FiscalQuarter.parse("FY22-Q3")
    assert (quarter.start, quarter.end) == (date(2021, 8, 1), date(2021, 10, 31))


def test_fiscal_year_start_month_is_a_setting(settings):
    settings.FISCAL_YEAR_START_MONTH = 1
    assert FiscalQuarter.containing(date(2024, 1, 1)).label == "FY24-Q1"
    assert FiscalYear(2024).end == date(2024, 12, 31)


def test_parse_rejects_nonsense():
    with pytest.raises(ValueError, match="not a fiscal quarter"):
        FiscalQuarter.parse("Q3-2024")


def test_elapsed_counts_the_day_itself():
    quarter = FiscalQuarter(2024, 3)  # 92 days
    assert quarter.elapsed(date(2023, 8, 1)) == Decimal(1) / 92
    assert quarter.elapsed(date(2023, 10, 31)) == 1
    assert quarter.elapsed(date(2023, 7, 31)) == 0


def test_as_of_is_today_last_day_or_nothing():
    quarter = FiscalQuarter(2024, 3)
    assert quarter.as_of(date(2023, 9, 15)) == date(2023, 9, 15)
    assert quarter.as_of(date(2024, 3, 1)) == date(2023, 10, 31)
    assert quarter.as_of(date(2023, 7, 31)) is None


def test_complete_months_exclude_the_month_holding_d():
    months = complete_months_before(date(2023, 8, 31), 6)
    assert months[0] == date(2023, 2, 1) and months[-1] == date(2023, 7, 1)
