"""How pages write a figure: money with thousands separators and cents only when there are
some, rounded half up; a missing figure as a dash."""

from decimal import Decimal

import pytest

from reports.templatetags.pacer import figure


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("162500", "$162,500"),
        ("60000.25", "$60,000.25"),
        ("1234567.5", "$1,234,567.50"),
        ("999.995", "$1,000"),  # half up to cents, then whole dollars
        ("0.10", "$0.10"),
        ("100.001", "$100"),
    ],
)
def test_money_is_grouped_by_thousands_with_cents_when_there_are_some(value, shown):
    assert figure(Decimal(value), "currency") == shown


def test_a_missing_figure_is_a_dash():
    assert figure(None, "currency") == "—"
