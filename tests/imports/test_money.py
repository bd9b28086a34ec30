"""RULES.md (changed): an amount in another currency is the amount as written x the admin's rate,
rounded once to cents, half up; one conversion function for every import path."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goals.models import Opportunity
from imports import columns, fields, parsers, records
from imports.models import CurrencyRate, ImportRun
from imports.reading import read_table
from imports.service import row_context

from .conftest import load, opportunity

pytestmark = pytest.mark.django_db

HEADER = "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Amount Currency,Close Date"


def test_the_issue_example_is_rounded_once_half_up():
    # 4,612.6125 x 0.27 = 1,245.405375 exactly: half up from the unrounded amount.
    assert parsers.convert(Decimal("4612.6125"), Decimal("0.27")) == Decimal("1245.41")


def test_rounding_before_converting_would_give_a_cent_less():
    rounded_first = parsers.to_cents(Decimal("4612.6125")) * Decimal("0.27")
    assert parsers.to_cents(rounded_first) == Decimal("1245.40")  # the old, wrong figure


def test_company_currency_amounts_round_half_up_too():
    assert parsers.company_amount(Decimal("10.005"), "USD", company="USD", rates={}) == Decimal(
        "10.01"
    )


def test_a_currency_without_a_rate_says_where_to_set_it():
    with pytest.raises(ValueError, match=r"1 PEN = \? USD .*Currency rates"):
        parsers.company_amount(Decimal("1"), "PEN", company="USD", rates={})


def _export(tmp_path, rows):
    path = tmp_path / "pen.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


PEN_ROWS = [
    "0065b00000Pn001,Avery Stone,Lima SA,Closed Won,4612.6125,PEN,3/30/2023",
    '0065b00000Pn002,Avery Stone,Lima SA,Closed Won,"4,612.6125",PEN,3/30/2023',
    "0065b00000Pn003,Avery Stone,Lima SA,Closed Won,PEN 4612.6125,,3/30/2023",
    "0065b00000Pn004,Avery Stone,Lima SA,Closed Won,10.005,USD,3/30/2023",
]


def test_every_spelling_of_the_amount_imports_the_same_converted_figure(team, tmp_path):
    CurrencyRate.objects.create(currency="PEN", rate=Decimal("0.27"))
    run = load(_export(tmp_path, PEN_ROWS), date_format="MDY")
    assert run.status == "done", run.errors
    assert [opportunity(f"0065b00000Pn00{n}").amount for n in (1, 2, 3)] == [Decimal("1245.41")] * 3
    assert opportunity("0065b00000Pn004").amount == Decimal("10.01")


def test_fast_and_row_paths_convert_alike(team, tmp_path):
    CurrencyRate.objects.create(currency="PEN", rate=Decimal("0.27"))
    path = _export(tmp_path, PEN_ROWS)
    outcomes = []
    for check in (
        lambda ctx, rows: columns.opportunities(ctx, rows),
        lambda ctx, rows: columns.row_by_row(records.opportunity, ctx, rows),
    ):
        run = ImportRun(kind="opportunities", file_name=path.name, date_format="MDY")
        with path.open("rb") as handle:
            table = read_table(handle, path.name, fields.header_finder(run.kind))
            match = fields.match_columns(run.kind, table.header)
            ctx = row_context(run, table, match, {})
            outcomes.append([r[7] for chunk in check(ctx, table.rows) for r in chunk.records])
    assert outcomes[0] == outcomes[1] == ["1245.41", "1245.41", "1245.41", "10.01"]


def test_a_missing_rate_refuses_the_file_and_changes_nothing(team, tmp_path):
    run = load(_export(tmp_path, PEN_ROWS[:1]), date_format="MDY")
    assert run.status == "rejected"
    assert run.errors[0]["line"] == 2 and run.errors[0]["column"] == "Amount"
    assert "no exchange rate for PEN" in run.errors[0]["reason"]
    assert not Opportunity.objects.exists()
