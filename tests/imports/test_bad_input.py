"""Bad input is refused with a message naming file, line and column, and changes nothing."""

import pytest

from imports.models import ImportStatus
from tests.imports.conftest import database_state, load, opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(team):
    """A database that already holds data, so "unchanged" means something."""
    load("amounts.csv", date_format="MDY")
    return database_state()


def assert_refused(run, line, column, reason_part):
    assert run.status == ImportStatus.REJECTED
    assert run.rows_written == 0
    where = [(e["file"], e["line"], e["column"]) for e in run.errors]
    assert (run.file_name, line, column) in where, run.errors
    assert any(reason_part in e["reason"] for e in run.errors), run.errors


def test_missing_required_column(loaded):
    run = load("missing_column.csv", date_format="MDY")
    assert_refused(run, 1, "Close date", "a required column is missing: Close date")
    assert database_state() == loaded


def test_unknown_stage(loaded):
    run = load("unknown_stage.csv", date_format="MDY")
    assert_refused(run, 2, "Stage", "unknown stage")
    assert run.errors[0]["value"] == "Maybe Later"
    assert database_state() == loaded


def test_unparsable_amount(loaded):
    run = load("bad_amount.csv", date_format="MDY")
    assert_refused(run, 2, "Amount", "not an amount")
    assert database_state() == loaded


def test_unparsable_date(loaded):
    run = load("bad_date.csv")
    assert_refused(run, 2, "Close Date", "not a date")
    assert database_state() == loaded


def test_ambiguous_date_without_a_declared_format(loaded):
    run = load("dates_ambiguous.csv")
    assert_refused(run, 2, "Close Date", "ambiguous date")
    assert database_state() == loaded


def test_duplicate_id_within_one_file_even_spelled_15_and_18(loaded):
    run = load("duplicate_id.csv", date_format="MDY")
    assert_refused(run, 3, "Opportunity ID", "duplicate Opportunity ID: also on line 2")
    assert database_state() == loaded


def test_owner_who_matches_nobody(loaded):
    run = load("unknown_owner.csv", date_format="MDY")
    assert_refused(run, 2, "Opportunity Owner", "matches no person")
    assert database_state() == loaded


def test_currency_without_a_rate(loaded):
    run = load("multi_currency_unknown_rate.csv", date_format="MDY")
    assert_refused(run, 2, "Amount", "no exchange rate for GBP")
    assert database_state() == loaded


def test_empty_file(loaded):
    run = load("empty.csv")
    assert_refused(run, 1, "-", "the file is empty")
    assert database_state() == loaded


def test_binary_file(loaded):
    run = load("binary.csv")
    assert_refused(run, 1, "-", "binary file")
    assert database_state() == loaded


def test_import_valid_rows_only_records_the_skipped_rows(loaded):
    run = load("quoted_fields.csv", date_format="MDY", skip_invalid=True)
    assert run.status == ImportStatus.DONE
    assert (run.rows_in_file, run.created, run.skipped) == (2, 1, 1)
    assert run.created + run.updated + run.unchanged + run.skipped == run.rows_in_file


def test_dry_run_writes_nothing_but_counts_what_would_change(loaded):
    run = load("extra_columns.csv", date_format="MDY", commit=False)
    assert (run.status, run.created) == (ImportStatus.PREVIEWED, 1)
    assert run.missing_from_file == 6
    assert database_state() == loaded


def test_valid_rows_only_keeps_the_first_of_two_rows_with_one_id(team):
    run = load("duplicate_id.csv", date_format="MDY", skip_invalid=True)
    assert (run.status, run.created, run.skipped, run.rows_in_file) == ("done", 1, 1, 2)
    assert opportunity("0065b00000Bd005").account == "A1"
