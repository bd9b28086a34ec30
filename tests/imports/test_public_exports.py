"""Issue 14 acceptance: real exports from public Salesforce orgs (tests/imports/public_exports,
README there), unedited, through the upload page; the admin builds the roster and answers the
preview, nothing else. Figures computed by hand in that README."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import Opportunity
from imports.models import ImportRun, ImportStatus
from people.models import Person
from tests.factories import UserFactory

from .conftest import database_state

PUBLIC = Path(__file__).parent / "public_exports"
pytestmark = pytest.mark.django_db
ROSTER = (
    b"Name,Email,Role\nGabe Sumner,gabe@example.com,AE\nShane McLaughlin,shane@example.com,AE\n"
)


@pytest.fixture
def admin(client):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    return client


def _post(client, callbacks, url, data) -> None:
    with callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302


def _upload(client, callbacks, folder: str, *, kind="opportunities", data=None, accounts=True):
    files = {"kind": kind, "date_format": ""}
    path = PUBLIC / folder / "Opportunity.csv"
    files["file"] = SimpleUploadedFile(path.name, data or path.read_bytes())
    if accounts:
        account = PUBLIC / folder / "Account.csv"
        files["accounts"] = SimpleUploadedFile(account.name, account.read_bytes())
    _post(client, callbacks, reverse("imports"), files)
    return ImportRun.objects.latest("pk")


def _build_roster(client, callbacks) -> dict[str, Person]:
    roster = _upload(client, callbacks, "", kind="people", data=ROSTER, accounts=False)
    _post(client, callbacks, reverse("import_confirm", args=[roster.pk]), {})
    return {p.email: p for p in Person.objects.all()}


@pytest.mark.parametrize(
    ("folder", "owner", "email", "expected"),
    [
        (
            "cumulus_mortgage",
            "00522000003cqmbAAA",
            "gabe@example.com",
            (
                "00622000007PkogAAC",
                "*Richard Bennett",
                "new_business",
                "1",
                Decimal("500000.00"),
                date(2022, 6, 30),
                date(2022, 6, 23),
            ),
        ),
        (
            "synchronize_external_systems",
            "0059A000002J4RjQAK",
            "shane@example.com",
            (
                "0069A000007OcbTQAS",
                "That Account We've Been Working On Forever",
                "new_business",
                "6",
                Decimal("100000000.00"),
                date(2020, 8, 20),
                date(2020, 5, 11),
            ),
        ),
    ],
)
def test_a_data_loader_export_goes_in_unedited_with_the_roster_and_the_preview_answered(
    admin, django_capture_on_commit_callbacks, folder, owner, email, expected
):
    callbacks = django_capture_on_commit_callbacks
    people = _build_roster(admin, callbacks)
    run = _upload(admin, callbacks, folder)
    assert run.status == ImportStatus.PREVIEWED
    assert [item["text"] for item in run.unplaced["owner"]] == [owner]
    _post(
        admin,
        callbacks,
        reverse("import_setup", args=[run.pk]),
        {"owner-text-1": owner, "owner-answer-1": str(people[email].pk)},
    )
    run.refresh_from_db()
    assert (run.status, run.error_count, run.unplaced) == (ImportStatus.PREVIEWED, 0, {})
    _post(admin, callbacks, reverse("import_confirm", args=[run.pk]), {})
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert (run.created, run.skipped, run.rows_in_file) == (1, 0, 1)
    deal = Opportunity.objects.get()
    assert (
        deal.external_id,
        deal.account,
        deal.type,
        deal.stage,
        deal.amount,
        deal.close_date,
        deal.created_date,
    ) == expected
    assert deal.owner == people[email]


@pytest.mark.parametrize(
    ("folder", "column", "advice"),
    [
        ("salesforce_in_powerbi", "Owner or Owner e-mail or Owner id", "Edit \u2192 Columns"),
        (
            "sfdmu_issue_451",
            "Opportunity ID, Amount, Owner or Owner e-mail or Owner id",
            'add "Opportunity ID" (reports leave it out unless added)',
        ),
    ],
)
def test_an_export_without_a_required_column_is_refused_saying_how_to_add_it(
    admin, django_capture_on_commit_callbacks, folder, column, advice
):
    callbacks = django_capture_on_commit_callbacks
    _build_roster(admin, callbacks)
    before = database_state()
    run = _upload(admin, callbacks, folder, accounts=folder == "salesforce_in_powerbi")
    assert run.status == ImportStatus.REJECTED
    (error,) = run.errors
    assert (error["file"], error["line"], error["column"]) == ("Opportunity.csv", 1, column)
    assert advice in error["reason"]
    assert database_state() == before
