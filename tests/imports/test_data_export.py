"""Issue 14, the weekly Data Export zip: Opportunity with Account and User resolved, people
proposed from User, OpportunityHistory parsed into observed states (hG's hand-off)."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from goals.models import Opportunity
from imports import data_export
from tests.factories import PersonFactory

from .conftest import database_state

PUBLIC = Path(__file__).parent / "public_exports" / "cumulus_mortgage"
pytestmark = pytest.mark.django_db
USERS = (
    "Id,Username,LastName,FirstName,Email,Title,UserRoleId,ManagerId,IsActive\n"
    "00522000003cqmbAAA,gabe@x.org,Sumner,Gabe,gabe@example.com,Account Executive,"
    "00E000000000001AAA,00522000003cqmhAAA,true\n"
    "00522000003cqmhAAA,vp@x.org,Lead,Pat,pat@example.com,,00E000000000002AAA,,true\n"
    "00522000003cqmxAAA,old@x.org,Gone,Old,old@example.com,Account Executive,,,false\n"
)
ROLES = "Id,Name\n00E000000000001AAA,Enterprise AE\n00E000000000002AAA,VP Sales\n"
HISTORY = (
    "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,ExpectedRevenue,CloseDate\n"
    "008bm00000UoqOjAAJ,00622000007PkogAAC,005bm00000NCJmQAAX,06/23/22 08:55 PM,Prospecting,"
    "500000,50000,06/30/22\n"
    "008bm00000UoqOkAAJ,00622000007PkogAAC,005bm00000NCJmQAAX,06/24/22 09:00 AM,Closed Won,"
    "512345.675,512345.675,06/30/22\n"
)


def _zip(tmp_path, **extra) -> str:
    path = tmp_path / "WE_00D_1.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Opportunity.csv", (PUBLIC / "Opportunity.csv").read_bytes())
        archive.writestr("Account.csv", (PUBLIC / "Account.csv").read_bytes())
        for name, text in extra.items():
            archive.writestr(f"{name}.csv", text)
    return str(path)


def test_the_zip_imports_opportunities_with_owner_and_account_resolved(tmp_path):
    gabe = PersonFactory(name="Gabe Sumner", email="gabe@example.com")
    out = StringIO()
    call_command("import_salesforce_export", _zip(tmp_path, User=USERS), stdout=out)
    deal = Opportunity.objects.get()
    assert (deal.owner, deal.account, deal.stage) == (gabe, "*Richard Bennett", "1")
    assert "User.csv proposes 2 active people" in out.getvalue()


def test_user_proposes_people_with_roles_and_managers_leaving_inactive_users_out():
    people = data_export.proposed_people(USERS.encode(), ROLES.encode())
    assert [(p.name, p.email, p.role, p.manager_email) for p in people] == [
        ("Gabe Sumner", "gabe@example.com", "ae", "pat@example.com"),
        ("Pat Lead", "pat@example.com", "manager", ""),
    ]


def test_opportunity_history_is_handed_off_as_observed_states():
    states = data_export.opportunity_history(HISTORY.encode())
    assert [
        (s.opportunity_id, s.observed_on, s.stage_name, s.amount, s.close_date) for s in states
    ] == [
        (
            "00622000007PkogAAC",
            date(2022, 6, 23),
            "Prospecting",
            Decimal("500000"),
            date(2022, 6, 30),
        ),
        (
            "00622000007PkogAAC",
            date(2022, 6, 24),
            "Closed Won",
            Decimal("512345.675"),
            date(2022, 6, 30),
        ),
    ]


def test_a_zip_without_opportunity_is_refused_naming_what_it_holds(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Account.csv", "Id,Name\n")
    before = database_state()
    with pytest.raises(CommandError, match=r"no Opportunity.csv in the zip \(it holds: account\)"):
        call_command("import_salesforce_export", str(path), stdout=StringIO())
    assert database_state() == before
