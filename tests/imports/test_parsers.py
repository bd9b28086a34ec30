"""The field parsers on their own: the cases a file test cannot show one by one."""

from datetime import date
from decimal import Decimal

import pytest

from imports.fields import match_columns
from imports.parsers import DateParser, parse_amount, parse_bool, parse_date, stage_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12345", (Decimal("12345.00"), "")),
        ("12,345.00", (Decimal("12345.00"), "")),
        ("$12,345.00", (Decimal("12345.00"), "USD")),
        ("USD 12,345.00", (Decimal("12345.00"), "USD")),
        ("12,345.00 EUR", (Decimal("12345.00"), "EUR")),
        ("(1,200.00)", (Decimal("-1200.00"), "")),
        ("-1200.005", (Decimal("-1200.01"), "")),
        ("", (None, "")),
    ],
)
def test_amount_spellings(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,234,567.895", (Decimal("1234567.90"), "USD")),
        ("$999", (Decimal("999.00"), "USD")),
        ("$0.5", (Decimal("0.50"), "USD")),
    ],
)
def test_report_dollar_amounts_round_half_up_to_cents(text, expected):
    assert parse_amount(text) == expected


def test_dollar_amount_in_a_decimal_comma_file_reads_the_comma_as_decimal():
    assert parse_amount("$1.234,50", decimal_comma=True) == (Decimal("1234.50"), "USD")


def test_decimal_comma_amounts():
    assert parse_amount("12.345,67", decimal_comma=True) == (Decimal("12345.67"), "")
    assert parse_amount("12345.67", decimal_comma=True) == (Decimal("12345.67"), "")


def test_decimal_comma_in_a_us_file_is_refused_not_read_as_thousands():
    with pytest.raises(ValueError, match="decimal comma"):
        parse_amount("1200,50")


@pytest.mark.parametrize(
    ("text", "date_format", "expected"),
    [
        ("8/3/2023", "MDY", date(2023, 8, 3)),
        ("8/3/2023", "DMY", date(2023, 3, 8)),
        ("25/6/2023", "", date(2023, 6, 25)),
        ("6/25/23", "", date(2023, 6, 25)),
        ("03.08.2023", "", date(2023, 8, 3)),
        ("2023-08-03", "", date(2023, 8, 3)),
        ("2023-08-03T23:10:00.000+0000", "", date(2023, 8, 3)),
        ("7/7/2023", "", date(2023, 7, 7)),
    ],
)
def test_date_spellings(text, date_format, expected):
    assert parse_date(text, date_format) == expected


def test_date_parser_parses_each_distinct_value_once():
    parser = DateParser("MDY")
    for _ in range(3):
        parser("8/3/2023")
    assert list(parser.cache) == ["8/3/2023"]


def test_booleans_from_excel_round_trips():
    assert [parse_bool(v) for v in ("TRUE", "false", "1", "0", "")] == [
        True,
        False,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Stage 3", "3"),
        ("3 - Scoping", "3"),
        ("3. Scoping", "3"),
        ("S1: Discovery", "1"),
        ("Closed Won", "won"),
        ("closed lost", "lost"),
        ("Needs Analysis", "2"),
        ("Id. Decision Makers", "3"),
        ("Perception Analysis", "4"),
        ("Negotiation/Review", "6"),
    ],
)
def test_default_stage_table(name, expected):
    assert stage_of(name, {}) == expected


def test_zero_stage_is_unknown_without_an_alias():
    with pytest.raises(ValueError, match="unknown stage"):
        stage_of("0-Pending Acceptance", {})


def test_header_matching_ignores_case_spacing_and_punctuation():
    match = match_columns("opportunities", ["OPPORTUNITY_OWNER", "close-date", " Stage Name "])
    assert match.columns == {"owner": 0, "close_date": 1, "stage": 2}


def test_an_admin_mapping_overrides_header_matching():
    header = ["Opportunity Owner", "Amount", "ACV (USD)", "Opportunity ID"]
    match = match_columns("opportunities", header, {"amount": "acv (usd)"})
    assert match.columns["amount"] == 2
    assert "Amount" in match.ignored
