"""The sync reads the org's User: owners and SDRs matched by Salesforce user id, then e-mail;
users matching nobody proposed to the admin, who adds them on Imports -> Salesforce users."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goals.calendar import FiscalQuarter
from goals.models import Opportunity
from people.models import Person
from reports.overview_data import admin_overview
from salesforce import org_users, services
from salesforce.models import OrgUser, SyncStatus
from tests.factories import PersonFactory, UserFactory
from tests.salesforce.conftest import owned_by, owned_by_nobody, user, user_id
from tests.salesforce.test_sync import attainment, report_export

pytestmark = pytest.mark.django_db
DEAL1 = "0065g00000Sf001AAA"


def owner_of(external_id: str) -> Person | None:
    return Opportunity.objects.select_related("owner").get(external_id=external_id).owner


@pytest.fixture
def admin(client):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    return client


def test_first_sync_matches_owners_by_salesforce_id_then_by_email(org):
    # Avery is known by her user id (her Pacer e-mail differs); Chloé by e-mail, any case.
    Person.objects.filter(email="avery@example.com").update(
        salesforce_id=user_id(0), email="avery.stone@pacer.example"
    )
    sync = services.sync()
    assert sync.status == SyncStatus.DONE, sync.message
    assert owner_of(DEAL1).name == "Avery Stone"
    chloe = Person.objects.get(email="chloe@example.com")
    assert chloe.salesforce_id == user_id(1) and owner_of("0065g00000Sf003AAA") == chloe
    recorded = LogEntry.objects.get_for_object(chloe).get(action=LogEntry.Action.UPDATE)
    assert recorded.changes_dict["salesforce_id"] == ["", user_id(1)]  # audited
    linked = dict(OrgUser.objects.values_list("salesforce_id", "person__name"))
    assert linked == {
        user_id(0): "Avery Stone",
        user_id(1): "Chloé Dubois",
        user_id(2): "Sam Rivera",
        user_id(9): None,  # the integration user: a person nobody is
    }
    # The users are read by a REST query: all of them, then only those changed since.
    assert any("/query/?q=SELECT+Id" in c and "FROM+User" in c for c in org.calls)
    org.calls.clear()
    org.put_user(**user(2, "Sam", "Rivera-Lee", "sam@example.com", Title="SDR"))
    assert services.sync().status == SyncStatus.DONE
    read = [c for c in org.calls if "FROM+User" in c]
    assert len(read) == 1 and "SystemModstamp" in read[0]
    assert OrgUser.objects.get(salesforce_id=user_id(2)).name == "Sam Rivera-Lee"


def test_a_sourcing_sdr_named_by_user_id_is_matched_through_the_users(org):
    org.put(Id="0065g00000Sf002AAA", Sourced_By__c=user_id(2), SAO_Date__c="2023-08-02")
    assert services.sync().status == SyncStatus.DONE
    deal = Opportunity.objects.get(external_id="0065g00000Sf002AAA")
    assert deal.sourced_by.email == "sam@example.com"


def test_an_unknown_active_user_is_proposed_an_inactive_one_is_not(org):
    org.put_user(
        **user(
            5, "Dana", "New", "Dana.New@example.com", Title="Enterprise AE", ManagerId=user_id(0)
        )
    )
    org.put_user(**user(6, "Old", "Timer", "old@example.com", IsActive=False))
    assert services.sync().status == SyncStatus.DONE
    proposed = {p["salesforce_id"]: p for p in org_users.proposals_to_add()}
    assert set(proposed) == {user_id(5), user_id(9)}
    dana = proposed[user_id(5)]
    assert (dana["name"], dana["email"], dana["role"]) == ("Dana New", "dana.new@example.com", "ae")
    assert dana["manager_email"] == "avery@example.com" and dana["waiting"] == 0
    assert org_users.proposal_count() == 2
    # An inactive user owning a deal stops the sync too: named on the page, not proposed.
    owned_by(org, DEAL1, 6, "Old Timer", "old@example.com")
    assert services.sync().status == SyncStatus.FAILED
    proposals, inactive = org_users.users_to_add()
    assert {p["salesforce_id"] for p in proposals} == {user_id(5), user_id(9)}
    assert [u.salesforce_id for u in inactive] == [user_id(6)]


def test_adding_a_proposal_then_syncing_places_the_deals(org, admin, tmp_path):
    first = services.sync()
    owned_by_nobody(org, DEAL1)
    refused = services.sync()
    assert refused.status == SyncStatus.FAILED and "match no person" in refused.message
    assert owner_of(DEAL1).name == "Avery Stone"  # nothing changed
    page = admin.get(reverse("salesforce_users"))
    assert page.status_code == 200
    assert page.context["proposals"][0]["name"] == "No Body"  # the one owning deals first
    assert page.context["proposals"][0]["waiting"] == 1
    avery = Person.objects.get(email="avery@example.com")
    nobody = user_id(7)
    response = admin.post(
        reverse("salesforce_users"),
        {f"add-{nobody}": "on", f"role-{nobody}": "ae", f"manager-{nobody}": str(avery.pk)},
    )
    assert response.status_code == 302
    added = Person.objects.get(email="nobody@example.com")
    assert (added.salesforce_id, added.role, added.manager) == (nobody, "ae", avery)
    assert OrgUser.objects.get(salesforce_id=nobody).person == added  # matched again
    placed = services.sync()
    assert placed.status == SyncStatus.DONE, placed.message
    assert placed.watermark > first.watermark and owner_of(DEAL1) == added
    # The same records as a report export, imported the usual way: the same figures.
    synced = attainment()
    export = tmp_path / "report.csv"
    export.write_text(report_export(org), encoding="utf-8")
    Opportunity.objects.all().delete()
    assert attainment() != synced
    call_command("import_opportunities", str(export), stdout=StringIO())
    assert attainment() == synced


def test_a_refused_choice_adds_nobody(org, admin):
    services.sync()
    nobody = user_id(9)
    response = admin.post(reverse("salesforce_users"), {f"add-{nobody}": "on"}, follow=True)
    text = response.content.decode()
    assert "Nobody added: " in text and "choose a role" in text
    assert not Person.objects.filter(email="integration@example.com").exists()


def _proposals(count: int) -> None:
    OrgUser.objects.bulk_create(
        OrgUser(
            salesforce_id=f"0055g00000Nw{n:03d}AAA",
            name=f"New Person {n}",
            email=f"new{n}@example.com",
            manager_salesforce_id=f"0055g00000Nw{max(n - 1, 0):03d}AAA",
            system_modstamp=timezone.now(),
        )
        for n in range(count)
    )


def test_the_page_query_count_does_not_grow_with_the_proposals(db, admin):
    _proposals(2)
    with CaptureQueriesContext(connection) as few:
        assert admin.get(reverse("salesforce_users")).status_code == 200
    OrgUser.objects.all().delete()
    _proposals(40)
    with CaptureQueriesContext(connection) as many:
        page = admin.get(reverse("salesforce_users"))
    assert len(page.context["proposals"]) == 40
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
def test_non_admins_get_404(db, client, role):
    person = PersonFactory(role=role, sdr_segment="outbound" if role == "sdr" else "")
    person.user = UserFactory(username=f"{role}@example.com")
    person.save()
    client.force_login(person.user)
    _proposals(1)
    assert client.get(reverse("salesforce_users")).status_code == 404
    post = client.post(
        reverse("salesforce_users"),
        {"add-0055g00000Nw000AAA": "on", "role-0055g00000Nw000AAA": "ae"},
    )
    assert post.status_code == 404 and not Person.objects.filter(email="new0@example.com").exists()


def test_the_imports_page_and_the_overview_link_to_the_proposals(org, admin):
    services.sync()
    owned_by_nobody(org, DEAL1)
    refused = services.sync()
    assert refused.status == SyncStatus.FAILED
    imports = admin.get(reverse("imports")).content.decode()
    assert reverse("salesforce_users") in imports and "(2 to add)" in imports
    assert "add the users who match nobody" in imports
    detail = admin.get(reverse("import_detail", args=[refused.run_id])).content.decode()
    assert 'id="sync-setup-people"' in detail and "nobody@example.com (1 rows)" in detail
    assert 'id="setup-form"' not in detail  # a sync keeps no file to check again
    overview = admin_overview(FiscalQuarter.containing(date(2023, 9, 15)))
    unowned = next(p for p in overview.problems if p.key == "unowned")
    assert unowned.count == 1  # the deal the sync could not import
    assert unowned.fixes[0].url == reverse("salesforce_users")
    assert "1 deal(s) not imported" in unowned.examples[0][0]


def test_a_user_record_pacer_cannot_read_fails_the_sync_and_changes_nothing(org):
    org.put_user(**user(5, "Dana", "New", "dana@example.com", ManagerId="not-an-id!"))
    sync = services.sync()
    assert sync.status == SyncStatus.FAILED
    assert "the org's users could not be kept" in sync.message
    assert not OrgUser.objects.exists() and not Opportunity.objects.exists()
    assert sync.run.status == "failed" and "nothing changed" in sync.run.message
