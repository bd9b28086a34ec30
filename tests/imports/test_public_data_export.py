"""Issue 14 acceptance: a public org's Data Export files (konsul7770/konsul-force-org, see
public_exports/README.md), unedited, zipped as Salesforce's weekly Data Export and uploaded
on the page; the admin builds the roster and matches the owner on the preview, nothing else.
Every figure below was worked out by hand from the file (README)."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import Opportunity
from imports.models import ImportRun, ImportStatus
from tests.factories import PersonFactory, UserFactory

FOLDER = Path(__file__).parent / "public_exports" / "konsul_force_org"
OWNER = "00546000001l1cJAAQ"
pytestmark = pytest.mark.django_db
# By hand (README): amount per stage, StageName by RULES.md's standard names, IsWon/IsClosed.
BY_STAGE = {
    "won": Decimal("3645000.00"),  # 18 deals
    "1": Decimal("100000.00"),
    "2": Decimal("690000.00"),
    "3": Decimal("440000.00"),
    "4": Decimal("120000.00"),
    "5": Decimal("370000.00"),
    "6": Decimal("395000.00"),
}
WEIGHTS = {"1": 0, "2": 10, "3": 20, "4": 50, "5": 75, "6": 90}


def _zip() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("Opportunity.csv", "Account.csv"):
            archive.writestr(name, (FOLDER / name).read_bytes())
    return buffer.getvalue()


def test_a_public_data_export_goes_in_unedited_with_the_owner_matched(
    client, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    pat = PersonFactory(name="Pat Owner", email="pat@example.com", role="ae")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports"),
            {"kind": "data_export", "file": SimpleUploadedFile("WE_konsul.zip", _zip())},
        )
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.PREVIEWED
    assert [(item["text"], item["rows"]) for item in run.unplaced["owner"]] == [(OWNER, 31)]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("import_setup", args=[run.pk]),
            {"owner-text-1": OWNER, "owner-answer-1": str(pat.pk)},
        )
    run.refresh_from_db()
    assert (run.status, run.error_count, run.created) == (ImportStatus.PREVIEWED, 0, 31)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.created, run.skipped, run.rows_in_file) == (
        ImportStatus.DONE,
        31,
        0,
        31,
    )
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for stage, amount in Opportunity.objects.values_list("stage", "amount"):
        sums[stage] += amount
    assert dict(sums) == BY_STAGE
    assert Opportunity.objects.filter(stage="won").count() == 18
    weighted = sum(BY_STAGE[s] * w for s, w in WEIGHTS.items()) / 100
    assert weighted == Decimal("850000")
    new = Opportunity.objects.filter(type="new_business")
    assert new.count() == 8
    assert set(new.filter(stage="won").values_list("account", flat=True)) == {
        "Express Logistics and Transport",
        "GenePoint",
        "Edge Communications",
        "University of Arizona",
        "United Oil & Gas Corp.",
        "Burlington Textiles Corp of America",
        "Grand Hotels & Resorts Ltd",
    }
    deal = Opportunity.objects.get(external_id="0064600000J5S5TAAV")
    assert (deal.account, deal.stage, deal.amount, str(deal.close_date)) == (
        "Dickenson plc",
        "2",
        Decimal("15000.00"),
        "2018-08-22",
    )
    assert set(Opportunity.objects.values_list("owner", flat=True)) == {pat.pk}
