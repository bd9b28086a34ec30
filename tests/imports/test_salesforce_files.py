"""Issue 14, "read what Salesforce writes": NUL bytes in rich text, User files with
FirstName/LastName (as --users and as the roster), a header that cannot be found."""

from __future__ import annotations

import pytest

from goals.models import Opportunity
from imports.models import ImportStatus
from imports.services import import_file
from people.models import Person

from .conftest import FILES, database_state

HEADER = '"Id","AccountId","OwnerId","Name","StageName","Amount","CloseDate","Description"'
USERS = (
    '"Id","Username","LastName","FirstName","Email","Title","ManagerId","IsActive"\n'
    '"0055b00000Usr01AAA","chloe@x.org","Dubois","Chloé","chloe@example.com",'
    '"VP Sales","","true"\n'
    '"0055b00000Usr02AAA","avery@x.org","Stone","Avery","avery@example.com",'
    '"Account Executive","0055b00000Usr01AAA","true"\n'
    '"0055b00000Usr03AAA","sam@x.org","Rivera","Sam","sam@example.com",'
    '"Sales Development Rep","0055b00000Usr01AAA","true"\n'
    '"0055b00000Usr04AAA","gone@x.org","Gone","Old","gone@example.com",'
    '"Account Executive","0055b00000Usr01AAA","false"\n'
)


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_nul_bytes_inside_quoted_text_are_dropped_and_counted(team, tmp_path):
    rows = [
        '"0065b00000Nu001AAA","","0055b00000Usr02AAA","Deal","Closed Won","10","2023-08-10",'
        '"rich\x00 text\x00\x01"',
        '"0065b00000Nu002AAA","","0055b00000Usr02AAA","Deal","Closed Won","10","2023-08-10",'
        '"more \x00text"',
    ]
    data = ("\n".join([HEADER.replace('"AccountId",', '"Account",'), *rows]) + "\n").encode()
    path = _write(tmp_path, "nul.csv", data.replace(b'""', b'"Acme"', 2))
    users = _write(tmp_path, "User.csv", USERS.encode())
    run = import_file("opportunities", path, users=users)
    assert run.status == ImportStatus.DONE, run.errors
    assert Opportunity.objects.count() == 2
    (warning,) = run.warnings
    assert (warning["file"], warning["line"]) == ("nul.csv", 2)
    assert warning["reason"].startswith("4 control character(s) (NUL and others")
    assert "from 2 line(s)" in warning["reason"]


def test_a_file_of_control_bytes_is_still_refused_as_binary(team, tmp_path):
    path = _write(tmp_path, "blob.csv", bytes(range(32)) * 100)
    run = import_file("opportunities", path)
    assert run.status == ImportStatus.REJECTED
    assert "binary file" in run.errors[0]["reason"]


def test_a_user_file_with_first_and_last_names_resolves_owner_ids(team, tmp_path):
    users = _write(tmp_path, "User.csv", USERS.encode())
    run = import_file(
        "opportunities",
        FILES / "dataloader_opportunity.csv",
        users=users,
        accounts=FILES / "dataloader_account.csv",
    )
    assert run.status == ImportStatus.DONE, run.errors
    first = Opportunity.objects.get(external_id="0065b00000DL001AAA")
    assert first.owner == team["chloe"]


def test_a_user_file_is_a_roster(db, tmp_path):
    users = _write(tmp_path, "User.csv", USERS.encode())
    run = import_file("people", users)
    assert run.status == ImportStatus.DONE, run.errors
    people = {p.email: p for p in Person.objects.select_related("manager")}
    assert sorted(people) == ["avery@example.com", "chloe@example.com", "sam@example.com"]
    avery = people["avery@example.com"]
    assert (avery.name, avery.role, avery.manager.email, avery.salesforce_id) == (
        "Avery Stone",
        "ae",
        "chloe@example.com",
        "0055b00000Usr02AAA",
    )
    assert (people["chloe@example.com"].role, people["sam@example.com"].role) == (
        "manager",
        "sdr",
    )
    # The inactive user is left out, counted and said.
    assert run.skipped == 1 and run.error_count == 0
    assert "1 inactive user(s)" in run.warnings[0]["reason"]


def test_a_title_that_names_no_role_is_an_error_saying_to_add_a_role_column(db, tmp_path):
    text = (
        '"Id","LastName","FirstName","Email","Title"\n'
        '"0055b00000Usr01AAA","Dubois","C","c@example.com","Florist"\n'
    )
    run = import_file("people", _write(tmp_path, "User.csv", text.encode()), commit=False)
    (error,) = run.errors
    assert (error["line"], error["column"], error["value"]) == (2, "Title", "Florist")
    assert "add a Role column" in error["reason"]


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("opportunities", ['"Opportunity ID"', '"StageName"', '"Close Date"', '"Amount"']),
        ("people", ['"Email"', '"Role"', '"Name"', '"LastName"']),
    ],
)
def test_a_header_that_cannot_be_found_names_the_columns_looked_for(db, tmp_path, kind, names):
    path = _write(tmp_path, "notes.csv", b"just,some,words\n1,2,3\n")
    before = database_state()
    run = import_file(kind, path)
    assert run.status == ImportStatus.REJECTED
    reason = run.errors[0]["reason"]
    assert reason.startswith("no header row found: none of the first 30 lines")
    assert all(name in reason for name in names), reason
    assert database_state() == before


def test_a_users_file_without_names_is_refused_naming_what_it_needs(team, tmp_path):
    users = _write(tmp_path, "User.csv", b"Username,Email\nx,y\n")
    run = import_file("opportunities", FILES / "dataloader_opportunity.csv", users=users)
    assert run.status == ImportStatus.REJECTED
    assert '"Id" and "Name" (or "FirstName" and "LastName")' in run.errors[0]["reason"]
