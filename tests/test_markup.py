"""Promise 7, markup and formulas: names holding HTML, script, links or formula prefixes
show as text on pages and in the API, and are inert in every CSV and Excel export."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from imports.models import ImportRun
from tests.factories import OpportunityFactory, PersonFactory, UserFactory, login_person

pytestmark = pytest.mark.django_db

PERSON = '=HYPERLINK("http://evil.example","<b>Avery</b>")'
ACCOUNT = "+cmd|' /C calc'!A0 <a href=\"http://evil.example\">Acme</a>"
DEAL = "@SUM(1+1)<script>alert('deal')</script>"
EMAIL = "-2+3@evil.example"
# Every text a spreadsheet would run: a cell holding one of these, unquoted, is a formula.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def marked(client, today):
    """A manager signed in, with an AE whose name, e-mail, account and deal hold markup."""
    today(date(2023, 9, 15))
    manager = PersonFactory(role="manager", name="Maria Lopez")
    login_person(client, manager)
    ae = PersonFactory(role="ae", manager=manager, name=PERSON, email=EMAIL)
    OpportunityFactory(
        owner=ae,
        name=DEAL,
        account=ACCOUNT,
        stage="won",
        amount=Decimal("-1200.00"),
        close_date=date(2023, 8, 2),
    )
    OpportunityFactory(owner=ae, name="\tTabbed", account="\rReturned", stage="4")
    return ae


def text_cells(rows) -> list[str]:
    return [cell for row in rows for cell in row if isinstance(cell, str)]


def is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True


def assert_inert(cells: list[str]) -> None:
    """No text cell starts like a formula (a plain number such as -1200 is a number)."""
    live = [cell for cell in cells if cell.startswith(DANGEROUS) and not is_number(cell)]
    assert live == [], f"cells a spreadsheet would run: {live}"


def test_the_team_csv_quotes_every_formula_like_name_and_email(client, marked):
    rows = list(csv.reader(io.StringIO(client.get("/team/export.csv").content.decode())))
    assert_inert(text_cells(rows))
    assert rows[1][:2] == ["'" + PERSON, "'" + EMAIL]


def test_the_team_workbook_holds_names_as_text_not_formulas(client, marked):
    sheet = load_workbook(io.BytesIO(client.get("/team/export.xlsx").content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert_inert([cell.value for cell in cells if isinstance(cell.value, str)])


def test_the_rows_csv_quotes_deal_and_account_names_and_keeps_negative_amounts(client, marked):
    response = client.get(f"/people/{marked.id}/quarter/rows.csv?quarter=FY24-Q3")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    won = next(row for row in rows if row["metric"] == "closed_won_acv")
    assert (won["opportunity"], won["account"]) == ("'" + DEAL, "'" + ACCOUNT)
    assert Decimal(won["amount"]) == Decimal("-1200.00")  # a number stays a number
    assert_inert([v for row in rows for k, v in row.items() if k != "amount"])
    assert any(row["opportunity"] == "'\tTabbed" for row in rows)


def test_the_import_errors_csv_quotes_values_read_from_the_file(client):
    admin = PersonFactory(role="admin")
    login_person(client, admin)
    values = [PERSON, ACCOUNT, DEAL, EMAIL, "\tx", "\rx"]
    run = ImportRun.objects.create(
        kind="opportunities",
        user=UserFactory(),
        file_name="=evil.csv",
        checksum="0" * 64,
        errors=[
            {"file": "=evil.csv", "line": 2, "column": "@col", "value": v, "reason": "-bad"}
            for v in values
        ],
    )
    text = client.get(f"/imports/{run.id}/errors.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert_inert(text_cells(rows))
    assert [row[3] for row in rows] == ["'" + v for v in values]


def test_the_attainment_command_csv_quotes_the_email_and_keeps_numbers(marked):
    out = io.StringIO()
    call_command("attainment", "--quarter", "FY24-Q3", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    mine = [row for row in rows if row["email"] == "'" + EMAIL]
    assert mine, "the person with the formula-like e-mail is listed, quoted"
    won = next(row for row in mine if row["metric"] == "closed_won_acv")
    assert Decimal(won["value"]) == Decimal("-1200.00")


def test_pages_show_the_markup_as_text(client, marked):
    for url in (f"/people/{marked.id}/quarter/?quarter=FY24-Q3", "/team/", "/leaderboard/"):
        text = client.get(url).content.decode()
        assert "<b>Avery</b>" not in text, url
        assert "&lt;b&gt;Avery&lt;/b&gt;" in text or "\\u003Cb\\u003EAvery" in text, url
    rep_page = client.get(f"/people/{marked.id}/quarter/?quarter=FY24-Q3").content.decode()
    assert "<script>alert('deal')" not in rep_page
    assert '<a href="http://evil.example">' not in rep_page


def test_the_api_returns_names_exactly_as_stored_in_json(client, marked):
    response = client.get(f"/api/v1/people/{marked.id}/", HTTP_ACCEPT="application/json")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"] == PERSON
