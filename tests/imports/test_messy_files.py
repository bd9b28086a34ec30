"""Each messy thing real Salesforce exports do, read correctly through the real import path."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import Meeting, Opportunity, StageAlias
from imports.models import CurrencyRate, ImportStatus
from people.models import Person
from tests.imports.conftest import load, opportunity

pytestmark = pytest.mark.django_db

ACCENTED_ROWS = {
    "0065b00000Aa001": ("Chloé Dubois", "Société Générale", "won", Decimal("45000.00")),
    "0065b00000Aa002": ("Björn Müller", "Müller GmbH", "3", Decimal("12345.00")),
}


def assert_accented_rows_stored() -> None:
    for external_id, (owner, account, stage, amount) in ACCENTED_ROWS.items():
        stored = opportunity(external_id)
        assert (stored.owner.name, stored.account, stored.stage, stored.amount) == (
            owner,
            account,
            stage,
            amount,
        )
    assert opportunity("0065b00000Aa001").close_date == date(2023, 8, 15)


@pytest.mark.parametrize(
    "name",
    ["utf8_bom.csv", "utf8_plain.csv", "windows_1252.csv", "utf16_unicode_text.txt"],
)
def test_encodings_keep_accented_names(team, name):
    run = load(name, date_format="MDY")
    assert run.status == ImportStatus.DONE, run.errors
    assert_accented_rows_stored()


def test_amount_spellings_are_exact_decimals_and_blank_is_zero_with_warning(team):
    run = load("amounts.csv", date_format="MDY")
    amounts = {o.external_id[:15]: o.amount for o in Opportunity.objects.all()}
    assert amounts == {
        "0065b00000Am001": Decimal("12345.00"),
        "0065b00000Am002": Decimal("12345.00"),
        "0065b00000Am003": Decimal("12345.00"),
        "0065b00000Am004": Decimal("12345.67"),
        "0065b00000Am005": Decimal("-1200.00"),
        "0065b00000Am006": Decimal("0.00"),
    }
    assert [(w["line"], w["column"]) for w in run.warnings] == [(7, "Amount")]


def test_day_month_year_under_the_declared_format(team):
    load("dates_dmy.csv", date_format="DMY")
    stored = opportunity("0065b00000Dm001")
    assert (stored.close_date, stored.created_date) == (date(2023, 8, 3), date(2023, 6, 25))


def test_iso_dates_and_datetimes(team):
    load("dates_iso.csv")
    stored = opportunity("0065b00000Di001")
    assert (stored.close_date, stored.created_date) == (date(2023, 8, 3), date(2023, 6, 25))


def test_15_and_18_character_ids_are_one_opportunity(team):
    load("id_15.csv", date_format="MDY")
    run = load("id_18.csv", date_format="MDY")
    assert (run.created, run.updated) == (0, 1)
    assert Opportunity.objects.count() == 1
    stored = Opportunity.objects.get()
    assert (stored.external_id, stored.stage, stored.amount) == (
        "0065b00000Xy001AAB",
        "4",
        Decimal("250.00"),
    )


def test_title_rows_blank_lines_and_report_footers_are_not_rows(team):
    run = load("footers_and_blank_lines.csv", date_format="MDY")
    assert (run.status, run.rows_in_file, run.created) == (ImportStatus.DONE, 2, 2)
    assert opportunity("0065b00000Ft002").amount == Decimal("12345.00")


def test_quoted_commas_and_line_breaks_stay_in_their_field_and_lines_stay_true(team):
    run = load("quoted_fields.csv", date_format="MDY", skip_invalid=True)
    stored = opportunity("0065b00000Qt001")
    assert stored.account == "Smith, Jones & Co"
    assert stored.name == "Line one\r\nline two, with a comma"
    # The record after the two-line one starts on line 4 of the file.
    assert [(e["line"], e["column"]) for e in run.errors] == [(4, "Stage")]


def test_unknown_extra_columns_are_ignored_and_listed(team):
    run = load("extra_columns.csv", date_format="MDY")
    assert run.status == ImportStatus.DONE
    assert run.ignored_columns == ["Lead Source", "Next Step", "Probability (%)"]
    assert opportunity("0065b00000Ex001").stage == "5"


def test_other_currency_is_converted_by_the_rate_table(team):
    CurrencyRate.objects.create(currency="EUR", rate=Decimal("1.0850"))
    load("multi_currency.csv", date_format="MDY")
    assert opportunity("0065b00000Mc001").amount == Decimal("1085.00")
    assert opportunity("0065b00000Mc002").amount == Decimal("1000.00")


def test_european_semicolons_decimal_comma_and_dotted_dates(team):
    run = load("european_semicolon.csv")
    assert run.status == ImportStatus.DONE, run.errors
    won = opportunity("0065b00000Eu001")
    assert (won.owner.name, won.account, won.amount, won.close_date, won.created_date) == (
        "Chloé Dubois",
        "Société Générale",
        Decimal("12345.67"),
        date(2023, 8, 3),
        date(2023, 6, 25),
    )
    assert opportunity("0065b00000Eu002").amount == Decimal("1200.00")


def test_excel_round_trip_two_digit_years_booleans_and_empty_lookups(team):
    run = load("excel_round_trip.csv", date_format="MDY")
    assert run.status == ImportStatus.DONE, run.errors
    stages = {o.external_id[:15]: o.stage for o in Opportunity.objects.all()}
    assert stages == {"0065b00000Rt001": "6", "0065b00000Rt002": "won", "0065b00000Rt003": "lost"}
    first = opportunity("0065b00000Rt001")
    assert (first.close_date, first.sourced_by) == (date(2023, 8, 3), team["sam"])
    assert opportunity("0065b00000Rt003").sourced_by is None


def test_renamed_stages_take_won_and_lost_from_iswon_isclosed_and_types_map(team):
    run = load("renamed_stages.csv", date_format="MDY")
    assert run.status == ImportStatus.DONE, run.errors
    stored = {o.external_id[:15]: (o.stage, o.type) for o in Opportunity.objects.all()}
    assert stored == {
        "0065b00000Rs001": ("1", "new_business"),
        "0065b00000Rs002": ("won", "expansion"),
        "0065b00000Rs003": ("lost", "new_business"),
        "0065b00000Rs004": ("5", "expansion"),
    }


def test_admin_stage_alias_maps_a_custom_stage(team):
    StageAlias.objects.create(name="vertrag unterschrieben", stage="won")
    load("stage_alias.csv", date_format="MDY")
    assert opportunity("0065b00000Sa001").stage == "won"


def test_data_loader_files_resolve_owner_account_and_sdr_through_user_and_account_files(team):
    files = "tests/imports/files/"
    run = load(
        "dataloader_opportunity.csv",
        users=files + "dataloader_user.csv",
        accounts=files + "dataloader_account.csv",
    )
    assert run.status == ImportStatus.DONE, run.errors
    first = Opportunity.objects.get(external_id="0065b00000DL001AAA")
    assert (first.owner, first.account, first.stage, first.amount, first.created_date) == (
        team["chloe"],
        "Globex Bank",
        "won",
        Decimal("5000.50"),
        date(2023, 5, 1),
    )
    second = Opportunity.objects.get(external_id="0065b00000DL002AAA")
    assert (second.owner, second.account, second.stage, second.sourced_by) == (
        team["avery"],
        "Initech",
        "3",
        team["sam"],
    )


def test_xlsx_formatted_report_with_title_rows_and_totals(team):
    run = load("formatted_report.xlsx")
    assert (run.status, run.rows_in_file) == (ImportStatus.DONE, 2), run.errors
    first = opportunity("0065b00000Xl001")
    assert (first.amount, first.close_date, first.stage) == (
        Decimal("45000.50"),
        date(2023, 8, 15),
        "won",
    )
    assert opportunity("0065b00000Xl002").amount == Decimal("1234.56")


def test_meetings_that_did_not_take_place_are_kept_but_do_not_count(team):
    run = load("meetings.csv", kind="meetings", date_format="MDY")
    assert run.status == ImportStatus.DONE, run.errors
    held = dict(Meeting.objects.values_list("status", "took_place"))
    assert held == {"Held": True, "No Show": False, "Cancelled": False}
    assert set(Meeting.objects.values_list("sdr", flat=True)) == {team["sam"].id}


def test_roster_sets_up_people_roles_segments_and_managers(db):
    run = load("people.csv", kind="people")
    assert run.status == ImportStatus.DONE, run.errors
    noor = Person.objects.get(email="noor@example.com")
    elif_ = Person.objects.get(email="elif@example.com")
    assert (noor.role, noor.manager.email, noor.start_date, noor.ramp_year) == (
        "ae",
        "maria@example.com",
        date(2023, 3, 6),
        2024,
    )
    assert (elif_.role, elif_.sdr_segment) == ("sdr", "vc_bod")


def test_reimporting_the_same_file_changes_nothing(team):
    load("amounts.csv", date_format="MDY")
    before = list(Opportunity.objects.order_by("pk").values())
    run = load("amounts.csv", date_format="MDY")
    assert (run.created, run.updated, run.unchanged, run.rows_written) == (0, 0, 6, 0)
    assert list(Opportunity.objects.order_by("pk").values()) == before
