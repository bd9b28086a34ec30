"""Syncs against the Salesforce stand-in: real HTTPS, simple-salesforce, the real import path."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goals.models import Opportunity
from imports.models import ImportRun, ImportStatus
from salesforce import services
from salesforce.models import Sync, SyncStatus
from salesforce.tasks import sync_salesforce
from tests.imports.conftest import database_state
from tests.salesforce.conftest import owned_by_nobody, user_id

pytestmark = pytest.mark.django_db


def amounts() -> dict[str, Decimal]:
    return dict(Opportunity.objects.values_list("external_id", "amount"))


def test_first_sync_reads_the_org_through_a_bulk_query_job(org):
    sync = services.sync()
    assert sync.status == SyncStatus.DONE, sync.message
    assert sync.full and sync.read == 5
    run = sync.run
    assert run.status == ImportStatus.DONE
    assert (run.created, run.updated, run.error_count) == (5, 0, 0)
    # Three per page: the results were fetched by locator, twice (then OpportunityHistory's).
    results = [c for c in org.calls if "/results" in c]
    opportunity_job = results[0].split("/results")[0]
    results = [c for c in results if c.startswith(opportunity_job)]
    assert len(results) == 2 and "locator=3" in results[1]
    assert sync.api_calls == len(org.calls)  # the log-in and every API call
    assert sync.limit_info.startswith("api-usage=")
    deal = Opportunity.objects.get(external_id="0065g00000Sf003AAA")
    assert (deal.stage, deal.owner.email, deal.sourced_by.email) == (
        "won",
        "chloe@example.com",
        "sam@example.com",
    )
    assert str(deal.sao_date) == "2023-07-15" and deal.account == "Account 0"
    assert Opportunity.objects.get(external_id="0065g00000Sf001AAA").amount == Decimal("25000.50")


def test_incremental_sync_reads_only_what_changed_by_rest_query(org):
    first = services.sync()
    org.calls.clear()
    org.put(
        Id="0065g00000Sf002AAA",
        Amount=Decimal("12345.67"),
        StageName="Closed Won",
        IsWon=True,
        IsClosed=True,
    )
    second = services.sync()
    assert second.status == SyncStatus.DONE and not second.full
    # The watermark goes to SOQL cut to the second, so the newest record of the last sync is
    # read again (unchanged): re-read, never missed.
    assert second.read == 2 and second.watermark > first.watermark
    assert (second.run.created, second.run.updated, second.run.unchanged) == (0, 1, 1)
    assert not any("jobs/query" in c for c in org.calls)
    assert any("/query/?q=" in c and "SystemModstamp" in c for c in org.calls)
    deal = Opportunity.objects.get(external_id="0065g00000Sf002AAA")
    assert (deal.amount, deal.stage) == (Decimal("12345.67"), "won")
    third = services.sync()  # nothing changed since: only the boundary record, not written
    assert third.status == SyncStatus.DONE and third.read == 1
    assert (third.run.updated, third.run.rows_written) == (0, 0)
    assert third.watermark == second.watermark


def test_rest_query_pages_through_next_records_url(org):
    services.sync()
    for number in (1, 2, 4, 5):
        org.put(Id=f"0065g00000Sf{number:03d}AAA", Name=f"Renamed {number}")
    org.calls.clear()
    sync = services.sync()
    assert sync.read == 4 and sync.run.updated == 4  # deal 5 was the boundary: edited too
    # Two records a page: the first query and one queryMore by nextRecordsUrl.
    assert sum(1 for c in org.calls if "/query/" in c and "?q=" not in c) == 1


def test_a_deletion_in_salesforce_removes_the_deal(org):
    services.sync()
    org.delete("0065g00000Sf004AAA")
    sync = services.sync()
    assert sync.status == SyncStatus.DONE and sync.deleted == 1
    assert not Opportunity.objects.filter(external_id="0065g00000Sf004AAA").exists()
    assert Opportunity.objects.count() == 4
    assert any("/queryAll/" in c and "IsDeleted" in c for c in org.calls)


def test_a_deletion_with_an_edit_commits_in_the_import_run(org):
    services.sync()
    org.delete("0065g00000Sf004AAA")
    org.put(Id="0065g00000Sf005AAA", Amount=Decimal("999.00"))
    sync = services.sync()
    assert (sync.read, sync.deleted, sync.run.updated) == (1, 1, 1)
    assert set(amounts()) == {f"0065g00000Sf00{n}AAA" for n in (1, 2, 3, 5)}


def test_an_expired_session_is_refreshed_once(org):
    services.sync()
    org.put(Id="0065g00000Sf002AAA", Amount=Decimal("1.00"))
    org.failures.append((401, "INVALID_SESSION_ID", "Session expired or invalid"))
    sync = services.sync()
    assert sync.status == SyncStatus.DONE, sync.message
    assert sum(1 for c in org.calls if "oauth2/token" in c) == 3  # two syncs, one refresh
    assert amounts()["0065g00000Sf002AAA"] == Decimal("1.00")


def test_a_session_expiring_twice_fails_the_sync_and_changes_nothing(org):
    services.sync()
    before = database_state()
    org.put(Id="0065g00000Sf002AAA", Amount=Decimal("1.00"))
    org.failures.extend([(401, "INVALID_SESSION_ID", "Session expired or invalid")] * 2)
    sync = services.sync()
    assert sync.status == SyncStatus.FAILED
    assert database_state() == before


@pytest.mark.parametrize(
    "failure",
    [
        (403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
        (503, "SERVER_UNAVAILABLE", "Server unavailable"),
    ],
)
def test_a_rate_limit_or_outage_fails_the_sync_to_retry_later(org, failure):
    first = services.sync()
    before = database_state()
    org.put(Id="0065g00000Sf002AAA", Amount=Decimal("1.00"))
    org.failures.append(failure)
    sync = services.sync()
    assert sync.status == SyncStatus.FAILED
    assert "retry later" in sync.message and failure[1] in sync.message
    assert sync.run.status == ImportStatus.FAILED and "nothing changed" in sync.run.message
    assert database_state() == before
    assert services.last_watermark() == first.watermark
    retried = services.sync()  # the next sync starts from the last completed watermark
    assert retried.status == SyncStatus.DONE and retried.run.updated == 1
    assert amounts()["0065g00000Sf002AAA"] == Decimal("1.00")


def test_a_record_the_import_refuses_fails_the_sync_and_keeps_the_watermark(org):
    first = services.sync()
    before = database_state()
    org.put(Id="0065g00000Sf002AAA", Amount=Decimal("1.00"))
    owned_by_nobody(org, "0065g00000Sf001AAA")
    sync = services.sync()
    assert sync.status == SyncStatus.FAILED and sync.run.status == ImportStatus.REJECTED
    assert sync.run.errors and sync.run.errors[0]["value"] == user_id(7)
    assert "Opportunity 0065g00000Sf001AAA, Opportunity Owner ID: user nobody@" in sync.message
    assert "1 Salesforce user(s) match no person" in sync.message
    assert database_state() == before
    assert services.last_watermark() == first.watermark


def test_the_username_password_flow_for_sandboxes(org, settings):
    settings.SALESFORCE_PRIVATE_KEY_FILE = ""
    settings.SALESFORCE_PASSWORD = org.password
    settings.SALESFORCE_SECURITY_TOKEN = org.security_token
    assert services.sync().status == SyncStatus.DONE
    settings.SALESFORCE_PASSWORD = "wrong"
    refused = services.sync()
    assert refused.status == SyncStatus.FAILED and "refused the log-in" in refused.message


def attainment() -> list[dict]:
    out = StringIO()
    call_command("attainment", "--quarter", "FY24-Q3", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


REPORT = """\
Opportunity Owner,Owner Email,Account Name,Opportunity Name,Type,Stage,Amount Currency,Amount,\
Close Date,Created Date,SAO Date,Sourced By,Opportunity ID
{rows}
"""


def report_export(org) -> str:
    """The org's live records as a Salesforce report export (written here, independently)."""
    rows = []
    for r in sorted(org.records.values(), key=lambda r: r["Id"]):
        if r["IsDeleted"]:
            continue
        rows.append(
            ",".join(
                [
                    r["Owner.Name"],
                    r["Owner.Email"],
                    r["Account.Name"],
                    r["Name"],
                    r["Type"],
                    r["StageName"],
                    r["CurrencyIsoCode"],
                    str(r["Amount"]),
                    r["CloseDate"],
                    r["CreatedDate"][:10],
                    r["SAO_Date__c"] or "",
                    r["Sourced_By__c"] or "",
                    r["Id"],
                ]
            )
        )
    return REPORT.format(rows="\n".join(rows))


def test_figures_equal_a_csv_export_of_the_same_records(org, tmp_path):
    services.sync()
    org.delete("0065g00000Sf004AAA")
    org.put(Id="0065g00000Sf002AAA", StageName="Closed Won", IsWon=True, IsClosed=True)
    assert services.sync().status == SyncStatus.DONE
    synced = attainment()
    assert any(Decimal(row["value"] or 0) for row in synced)
    export = tmp_path / "report.csv"
    export.write_text(report_export(org), encoding="utf-8")
    Opportunity.objects.all().delete()
    assert attainment() != synced  # the figures really depend on the deals
    call_command("import_opportunities", str(export), stdout=StringIO())
    assert attainment() == synced


def test_the_task_does_nothing_without_an_org(db, settings):
    settings.SALESFORCE_USERNAME = ""
    assert sync_salesforce() == "not configured"
    assert not Sync.objects.exists() and not ImportRun.objects.exists()
    with pytest.raises(CommandError, match="no Salesforce org is configured"):
        call_command("salesforce_sync")


def test_the_task_and_the_command_sync_a_configured_org(org):
    assert sync_salesforce() == SyncStatus.DONE
    org.put(Id="0065g00000Sf002AAA", Amount=Decimal("7.00"))
    out = StringIO()
    call_command("salesforce_sync", stdout=out)
    assert "2 read, 0 deleted" in out.getvalue()  # the edit and the boundary record
    assert amounts()["0065g00000Sf002AAA"] == Decimal("7.00")


def test_a_sync_stopped_before_its_commit_changes_nothing(org):
    from imports.service import import_written

    first = services.sync()
    before = database_state()
    org.delete("0065g00000Sf004AAA")
    org.put(Id="0065g00000Sf002AAA", Amount=Decimal("1.00"))

    def crash(sender, run, **kwargs):
        raise RuntimeError("worker stopped")

    import_written.connect(crash, sender=ImportRun)
    try:
        stopped = services.sync()
    finally:
        import_written.disconnect(crash, sender=ImportRun)
    assert stopped.status == SyncStatus.FAILED and "worker stopped" in stopped.message
    assert database_state() == before  # neither the edit nor the deletion
    assert services.last_watermark() == first.watermark
    assert services.sync().status == SyncStatus.DONE
    assert amounts()["0065g00000Sf002AAA"] == Decimal("1.00")
    assert "0065g00000Sf004AAA" not in amounts()


def test_beat_runs_the_sync_every_salesforce_sync_minutes():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["salesforce-sync"]
    assert entry["task"] == sync_salesforce.name
    assert entry["schedule"] == 60.0 * settings.SALESFORCE_SYNC_MINUTES == 3600.0
