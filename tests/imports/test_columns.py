"""The column-by-column fast path gives exactly what the row path gives: the same staging
records, the same errors (file, line, column, value, reason) and the same warnings."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goals.models import StageAlias
from goals.salesforce import to_18_char_id
from imports import columns, fields, parsers, people, records
from imports.models import CurrencyRate, ImportRun
from imports.reading import read_table
from imports.service import row_context
from tests.factories import PersonFactory
from tests.imports.conftest import FILES

pytestmark = pytest.mark.django_db

NOT_OPPORTUNITY_EXPORTS = {
    "binary.csv",
    "dataloader_account.csv",
    "dataloader_user.csv",
    "empty.csv",
    "meetings.csv",
    "missing_column.csv",
    "people.csv",
}
MESSY_FILES = sorted(
    path.name for path in FILES.iterdir() if path.name not in NOT_OPPORTUNITY_EXPORTS
)


@dataclass
class Outcome:
    records: list[tuple]
    errors: list[list[records.RowError]]
    warnings: list[records.RowError]
    warning_count: int
    row_path: int


def check(path: Path, date_format: str, *, fast: bool, chunk_rows: int = 97) -> Outcome:
    """Validate ``path`` as the import does, column by column (``fast``) or row by row."""
    run = ImportRun(kind="opportunities", file_name=path.name, date_format=date_format)
    companions = {
        what: people.lookup_file((FILES / f"dataloader_{what[:-1]}.csv").open("rb"), what)
        for what in ("users", "accounts")
    }
    with path.open("rb") as handle:
        table = read_table(handle, path.name, fields.header_finder(run.kind))
        match = fields.match_columns(run.kind, table.header)
        ctx = row_context(run, table, match, companions)
        if fast:
            checked = list(columns.opportunities(ctx, table.rows, chunk_rows))
        else:
            checked = list(columns.row_by_row(records.opportunity, ctx, table.rows))
    return Outcome(
        [record for chunk in checked for record in chunk.records],
        [errors for chunk in checked for errors in chunk.errors],
        ctx.warnings,
        ctx.warning_count,
        sum(chunk.row_path for chunk in checked),
    )


def assert_same(fast: Outcome, by_row: Outcome) -> None:
    assert fast.records == by_row.records
    assert fast.errors == by_row.errors
    assert (fast.warnings, fast.warning_count) == (by_row.warnings, by_row.warning_count)


@pytest.fixture
def org(team):
    """The messy files' team, plus what makes more of their rows valid or ambiguous."""
    CurrencyRate.objects.create(currency="EUR", rate=Decimal("1.0850"))
    StageAlias.objects.create(name="vertrag unterschrieben", stage="won")
    team["avery"].salesforce_id = "0055b00000AvErY"
    team["avery"].save()
    PersonFactory(name="Jo Park", email="jo.park@example.com")
    PersonFactory(name="Jo Park", email="jo.park2@example.com")
    PersonFactory(name="Long " + "n" * 190, email="long@example.com")
    return team


@pytest.mark.parametrize("date_format", ["", "MDY", "DMY"])
@pytest.mark.parametrize("name", MESSY_FILES)
def test_messy_files_read_the_same_column_by_column_as_row_by_row(org, name, date_format):
    path = FILES / name
    assert_same(check(path, date_format, fast=True), check(path, date_format, fast=False))


# Values per column: the common spellings first, then ones the fast path leaves to the row
# path (errors, warnings, unusual spellings, values just over a column's length).
REPORT_POOLS = {
    "Opportunity ID": None,  # made per row
    "Opportunity Name": (
        ["Deal", "Acme - Expansion", 'He said "yes", twice'],
        ["", "x" * 255, "x" * 256, "  padded  "],
    ),
    "Opportunity Owner": (
        ["Avery Stone", "Chloé Dubois", "avery@example.com", "Sam Rivera"],
        [
            "",
            "Nobody Here",
            "Jo Park",
            "000000000000000",
            "0055b00000AvErY",
            "0055b00000Zzz99",
            " Björn Müller ",
            "Long " + "n" * 190,
        ],
    ),
    "Account Name": (["Globex", "Initech", "Société Générale"], ["", "a" * 255, "a" * 256]),
    "Type": (["New Business", "Existing Business", ""], ["new logo", "Renewal", " New "]),
    "Stage": (
        ["Closed Won", "Closed Lost", "3 - Scoping", "Prospecting", "Negotiation/Review"],
        ["", "Maybe Later", "vertrag unterschrieben", " stage 4 ", "7 - Done"],
    ),
    "Amount": (
        ["$1,234.56", "$0.50", "12,345.00", "99.99", "$999,999,999,999.99", "0.00"],
        [
            "12345",
            "$12,345",
            "(1,200.00)",
            "-5.00",
            "",
            "abc",
            "$1,23.00",
            "1200,50",
            " 12.00 ",
            "12.345",
            "$1,234,567,890,123.45",
            "0012.00",
            "EUR 12.00",
            "12.00 GBP",
            "1.005",
            "$0.005",
            "1e5",
            "١٢٣.٤٥",
            "1٢٣.٤٥",
            "$1,234.5",
            "12.3",
        ],
    ),
    "Currency": (["", "USD"], ["usd", "EUR", " eur ", "GBP"]),
    "Close Date": (
        ["8/3/2023", "12/31/2023", "2023-08-03", "1/15/2024"],
        [
            "",
            "3/8/2023",
            "2023-08-03T10:00:00Z",
            "32/1/2023",
            "abc",
            "1/1/23",
            "15.08.2023",
            "2023-02-30",
            " 8/3/2023 ",
        ],
    ),
    "Created Date": (["", "6/1/2023", "2023-06-01"], ["6/13/2023", "13/6/2023", "nope"]),
    "SAO Date": (["", "7/1/2023"], ["2023-07-01 09:30:00", "7/1/2023 9:30 AM", "0/0/2023"]),
    "Sourced By": (
        ["", "Sam Rivera", "sam@example.com"],
        ["000000000000000", "Nobody", "Jo Park", "Long " + "n" * 190],
    ),
}
DATA_LOADER_POOLS = {
    **{key: REPORT_POOLS[key] for key in ("Opportunity ID", "Amount", "Type")},
    "Name": REPORT_POOLS["Opportunity Name"],
    "Opportunity Owner": (["", "", "Avery Stone"], ["Nobody Here", "Long " + "n" * 190]),
    "OwnerId": (
        ["0055b00000Usr01AAA", "0055b00000Usr02AAA", ""],
        ["0055b00000Zzz01AAA", "000000000000000AAA", "0055b00000AvErY", "bad id"],
    ),
    "Owner Email": (["", "avery@example.com"], ["nobody@example.com"]),
    "Account Name": (["", "", "Globex"], ["a" * 256]),
    "AccountId": (
        ["0015b00000Acc01AAA", "0015b00000Acc02AAA"],
        ["", "000000000000000AAA", "0015b00000Zzz01AAA", "bad"],
    ),
    "StageName": REPORT_POOLS["Stage"],
    "IsWon": (["false", "true", ""], ["TRUE", "1", "0", "maybe"]),
    "IsClosed": (["false", "true", ""], ["FALSE", "yes", "x", "?"]),
    "CurrencyIsoCode": REPORT_POOLS["Currency"],
    "CloseDate": REPORT_POOLS["Close Date"],
    "CreatedDate": (["2023-05-01T10:00:00.000+0000", ""], ["2023-05-01T10:00:00Z", "5/1/2023"]),
    "SDR__c": (["", "0055b00000Usr03AAA"], ["000000000000000AAA", "0055b00000Usr01AAA"]),
}
EUROPEAN_POOLS = {
    **REPORT_POOLS,
    "Amount": (
        ["12.345,67", "1200,00", "99,99", "0,50"],
        ["12345.67", "$1.234,50", "12.345", "1,2,3", "", "(1.200,00)"],
    ),
    "Close Date": (["03.08.2023", "30.11.2023"], ["31.11.2023", "8/3/2023", ""]),
}


def opportunity_id(row: int, rng: random.Random, odd: float) -> str:
    base = f"0065b{row:010d}"
    if rng.random() < odd:
        return rng.choice(
            [
                "",
                "000000000000000",
                "000000000000000AAA",
                "0065b00000Ab",
                f" {base} ",
                "0065b0000Àb001",
                "0065b00000Ab0é1",
                "006 5b00000Ab01",
                to_18_char_id(base).lower(),
            ]
        )
    # Exports keep one id length: most chunks see only 15, only 18 or only lowercase-suffixed
    # ids, a few a mix.
    style = (row // 300) % 3
    if style == 0:
        return base
    long_id = to_18_char_id(base)
    return long_id if style == 1 else long_id[:15] + long_id[15:].lower()


def write_export(path: Path, pools: dict, rows: int, *, odd: float, delimiter=",") -> Path:
    """An export of ``rows`` rows: each value common, or in every other block of 200 rows
    unusual for an ``odd`` share (so some chunks are clean and some messy)."""
    rng = random.Random(f"{path.name}{rows}{odd}")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(pools)
        for row in range(rows):
            odd_here = odd if (row // 200) % 2 else 0
            cells = []
            for pool in pools.values():
                if pool is None:
                    cells.append(opportunity_id(row, rng, odd_here))
                    continue
                common, unusual = pool
                cells.append(rng.choice(unusual if rng.random() < odd_here else common))
            writer.writerow(cells)
    return path


@pytest.mark.parametrize(
    ("layout", "pools", "delimiter", "date_format"),
    [
        ("report", REPORT_POOLS, ",", "MDY"),
        ("report", REPORT_POOLS, ",", ""),
        ("data_loader", DATA_LOADER_POOLS, ",", ""),
        ("european", EUROPEAN_POOLS, ";", "DMY"),
    ],
)
def test_mixed_good_and_bad_rows_read_the_same_both_ways(
    org, tmp_path, layout, pools, delimiter, date_format
):
    path = write_export(tmp_path / f"{layout}.csv", pools, 3000, odd=0.06, delimiter=delimiter)
    fast = check(path, date_format, fast=True)
    by_row = check(path, date_format, fast=False)
    assert_same(fast, by_row)
    # Both paths were exercised: rows decided column by column, rows left to the row path,
    # valid rows and rows with errors.
    assert 0 < fast.row_path < 3000
    assert len(by_row.errors) > 50
    assert len(by_row.records) > 300


def test_a_clean_export_is_decided_column_by_column_alone(org, tmp_path):
    path = write_export(tmp_path / "clean.csv", REPORT_POOLS, 1000, odd=0)
    fast = check(path, "MDY", fast=True)
    assert fast.row_path == 0
    assert_same(fast, check(path, "MDY", fast=False))
    assert len(fast.records) == 1000


def assert_read_as_parse_amount_reads_each(values: list[str]) -> bool:
    """When ``report_cents`` reads the column, its reading is ``parse_amount``'s; whether it
    read it."""
    found = columns.report_cents(values)
    if found is None:
        return False
    cents, code = found
    expected = [parsers.parse_amount(value) for value in values]
    assert cents == [str(amount) for amount, _ in expected]
    if code is not None:
        assert {own for _, own in expected} == {code}
    return True


@pytest.mark.parametrize(
    ("values", "read"),
    [
        (["$1,234.56", "$0.50", "12,345.00", "99.99", "0.00"], True),
        (["$999,999,999,999.99"], True),
        (["1\u0663.00"], False),  # a digit of another script: the row path's to read
        (["0012.00"], False),
        (["$1,23.00"], False),
        (["1.005"], False),
        (["$1,234.5"], False),
        (["$1,234.56", "12345"], False),
    ],
)
def test_report_amount_columns(values, read):
    assert assert_read_as_parse_amount_reads_each(values) is read


# Digits, and one from another script (Decimal reads it as 3; a report never writes it).
DIGITS = "0123456789\u0663"


@st.composite
def dollar_amounts(draw) -> str:
    """Spellings near a report's ``$12,345.67``: grouped or not, 0 to 3 decimals."""
    whole = draw(st.text(alphabet=DIGITS, min_size=1, max_size=15))
    if draw(st.booleans()):
        groups = [whole[max(0, end - 3) : end] for end in range(len(whole), 0, -3)]
        whole = ",".join(reversed(groups))
    cents = st.text(alphabet=DIGITS, min_size=2, max_size=2)
    decimals = draw(st.one_of(cents, cents, st.text(alphabet=DIGITS, max_size=3)))
    point = "." if decimals or draw(st.booleans()) else ""
    return draw(st.sampled_from(["", "$"])) + whole + point + decimals


AMOUNTS = dollar_amounts() | st.text(alphabet="$,.0123 ", max_size=8)


@given(st.lists(AMOUNTS, min_size=1, max_size=4))
def test_a_column_of_report_amounts_reads_as_parse_amount_reads_each(values):
    assert_read_as_parse_amount_reads_each(values)


@pytest.mark.parametrize(
    "values",
    [
        ["0065b00000Aa001", "0065B00000aA002", "000000000000000"],
        ["0065b00000Xy001AAB", "0065b00000Xy002aab", "000000000000000AAA"],
    ],
)
def test_id_columns_of_one_length_are_read_whole(values):
    expected = [parsers.parse_id(value) or columns.UNDECIDED for value in values]
    assert columns.salesforce_ids(values) == expected


def ids_of_length(length: int):
    spelled = st.text(alphabet="0aZ5bXy9\u00e9\u00c0 ", min_size=length, max_size=length)
    return st.lists(spelled | st.sampled_from(sorted(parsers.EMPTY_IDS)), min_size=1, max_size=6)


@given(st.sampled_from([14, 15, 18, 19]).flatmap(ids_of_length))
def test_a_column_of_ids_reads_as_parse_id_reads_each(values):
    found = columns.salesforce_ids(values)
    if found is not None:
        for value, record_id in zip(values, found, strict=True):
            expected = parsers.parse_id(value)
            assert record_id == (expected or columns.UNDECIDED)
