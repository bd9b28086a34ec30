"""The team table exported as CSV and Excel, safe against formula injection."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.exports import safe_text
from tests.factories import OpportunityFactory, PersonFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client, today):
    today(date(2023, 9, 15))
    manager = PersonFactory(role="manager")
    login_person(client, manager)
    ae = PersonFactory(role="ae", manager=manager, name='=HYPERLINK("http://x")')
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    PersonFactory(role="ae", manager=manager, name="@SUM(A1:A9)", email="plain@example.com")
    return ae


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_a_quote(start):
    assert safe_text(start + "1+1") == "'" + start + "1+1"


def test_ordinary_text_is_left_alone():
    assert safe_text("Avery Stone") == "Avery Stone"


def test_csv_export_has_a_row_per_person_with_figures(client, team):
    response = client.get("/team/export.csv?quarter=FY24-Q3")
    assert response["Content-Disposition"] == 'attachment; filename="pacer-team-FY24-Q3.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    first = next(r for r in rows if r["E-mail"] == team.email)
    assert first["YTD Closed Won ACV: value"] == "162500"
    assert first["YTD Closed Won ACV: target"] == "650000"
    assert first["YTD Closed Won ACV: attainment"] == "25"


def test_csv_export_defuses_formulas_in_names(client, team):
    text = client.get("/team/export.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    names = sorted(r["Name"] for r in rows)
    assert names == ['\'=HYPERLINK("http://x")', "'@SUM(A1:A9)"]


def test_excel_export_keeps_names_as_text_and_figures_as_numbers(client, team):
    response = client.get("/team/export.xlsx?quarter=FY24-Q3")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]
    first = next(r for r in rows if r["E-mail"] == team.email)
    assert first["Name"] == '\'=HYPERLINK("http://x")'
    assert first["YTD Closed Won ACV: value"] == 162500
    cells = [cell for row in sheet.iter_rows(2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)


def test_an_ae_team_export_has_human_headers_and_no_sdr_columns(client, team):
    text = client.get("/team/export.csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Name", "E-mail", "Role"]
    assert "SDR segment" not in header and not any("SAOs" in h for h in header)
    assert header[-5:] == [
        "Coaching flag (pace basis)",
        "Coaching flag (full-target basis)",
        "Projected closed won",
        "Pipeline coverage",
        "Target adjustments",
    ]
    assert all("_" not in h for h in header)


def test_excel_cells_are_typed_money_counts_and_percentages(client, team):
    sheet = load_workbook(io.BytesIO(client.get("/team/export.xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(2) if r[1].value == team.email)
    cell = dict(zip(header, row, strict=True))
    assert cell["YTD Closed Won ACV: value"].number_format == "#,##0.00"
    assert cell["New Logos Closed: target"].number_format == "#,##0"
    # 162,500 of 650,000 = 25%, stored as the fraction Excel shows as a percentage
    attainment = cell["YTD Closed Won ACV: attainment"]
    assert (attainment.value, attainment.number_format) == (0.25, "0.00%")
    assert cell["Role"].value == "Account Executive"


def test_a_rep_cannot_export_the_team(client, today):
    today(date(2023, 9, 15))
    login_person(client, PersonFactory(role="ae"))
    assert client.get("/team/export.csv").status_code == 404


def test_rep_rows_export_lists_every_deal_behind_each_figure(client, today):
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, name="-1+1", stage="4", amount=Decimal("1000"))
    login_person(client, ae)
    response = client.get(f"/people/{ae.id}/quarter/rows.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    pipeline = [r for r in rows if r["metric"] == "weighted_pipeline"]
    assert [(r["opportunity"], r["weight"], r["weighted"]) for r in pipeline] == [
        ("'-1+1", "0.50", "500")
    ]
