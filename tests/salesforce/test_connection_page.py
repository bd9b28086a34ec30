"""/salesforce/: an admin connects the org on the page (secrets encrypted, the environment
winning), tests the connection, picks the SAO and SDR fields from the org's describe, syncs
now; against the stand-in over real HTTPS."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection as db
from django.test.utils import CaptureQueriesContext

from goals.models import Opportunity
from salesforce import client, services
from salesforce.connection import ENVIRONMENT, current
from salesforce.models import OrgConnection, Sync, SyncStatus
from salesforce.tasks import sync_salesforce
from tests.factories import PersonFactory, login_person
from tests.salesforce.conftest import seed
from tests.salesforce_standin.server import Standin, StandinOrg
from tests.salesforce_standin.tls import pem

pytestmark = pytest.mark.django_db
FIRST_KEY, SECOND_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def page(settings, client):
    """An admin's client, with no SALESFORCE_* connection setting set (the page decides)."""
    for name in ENVIRONMENT.values():
        setattr(settings, name, None if name == "SALESFORCE_MULTI_CURRENCY" else "")
    settings.SALESFORCE_SECRET_KEYS = [FIRST_KEY]
    settings.SALESFORCE_BULK_POLL_SECONDS = 0
    login_person(client, PersonFactory(role="admin", email="admin@example.com"))
    return client


@pytest.fixture
def standin(tls_files, settings, team, today):
    """The stand-in org (five deals) on 127.0.0.1; only its CA bundle is a setting."""
    today(date(2023, 9, 15))
    cert, key, _, app_key = tls_files
    state = StandinOrg(public_key=app_key.public_key())
    seed(state)
    with Standin(state, cert, key) as running:
        settings.SALESFORCE_CA_BUNDLE = str(cert)
        running.key_pem = pem(app_key).decode()
        yield running


def form(standin, **values) -> dict:
    """The page's form filled in for the stand-in (JWT bearer flow, a My Domain URL)."""
    data = {
        "action": "save",
        "login": "custom",
        "custom_url": standin.url,
        "flow": "jwt",
        "client_id": standin.org.client_id,
        "username": standin.org.username,
        "private_key": standin.key_pem,
        "api_version": "62.0",
        "multi_currency": "on",
        "sao_field": "SAO_Date__c",
        "sdr_field": "Sourced_By__c",
    }
    return data | values


def password_form(standin, **values) -> dict:
    return (
        form(
            standin,
            flow="password",
            private_key="",
            client_secret="consumer-secret",
            password=standin.org.password,
            security_token=standin.org.security_token,
        )
        | values
    )


def test_saving_the_form_stores_the_secrets_encrypted(page, standin):
    response = page.post("/salesforce/", password_form(standin))
    assert response.status_code == 302, response.content.decode()[:2000]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT password, security_token, client_secret FROM salesforce_orgconnection"
        )
        stored = cursor.fetchone()
    assert all(stored) and not {"s3cret", "TOKEN", "consumer-secret"} & set(stored)
    assert not any("s3cret" in column or "TOKEN" in column for column in stored)
    conn = current()
    assert (conn.password, conn.security_token, conn.client_secret) == (
        "s3cret",
        "TOKEN",
        "consumer-secret",
    )
    assert client.configured()


def test_the_page_never_shows_a_secret_back_and_the_audit_leaves_them_out(page, standin):
    page.post("/salesforce/", password_form(standin))
    text = page.get("/salesforce/").content.decode()
    assert "s3cret" not in text and "TOKEN" not in text and "consumer-secret" not in text
    assert text.count("Set. Blank keeps the stored one.") == 3  # password, token, secret
    assert "Not set. JWT bearer" in text  # the private key
    entry = LogEntry.objects.get(content_type__model="orgconnection")
    assert entry.actor.username == "admin@example.com"
    assert entry.changes["username"] == [None, standin.org.username]
    assert "secrets_changed_at" in entry.changes
    assert not {"password", "security_token", "client_secret", "private_key"} & set(entry.changes)
    assert "s3cret" not in json.dumps(entry.changes)


def test_a_refused_form_does_not_echo_the_private_key(page, standin):
    response = page.post("/salesforce/", form(standin, api_version="sixty"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "e.g. 62.0" in text and "PRIVATE KEY" not in text
    assert not OrgConnection.objects.exists()


def test_a_blank_secret_keeps_the_stored_one_and_clear_removes_it(page, standin):
    page.post("/salesforce/", password_form(standin))
    page.post("/salesforce/", password_form(standin, password="", security_token=""))
    assert current().password == "s3cret"
    page.post("/salesforce/", password_form(standin, password="", clear_password="on"))
    assert current().password == "" and not client.configured()


def test_rotation_with_a_new_key_keeps_the_secrets_readable(page, standin, settings):
    page.post("/salesforce/", form(standin))
    before = OrgConnection.objects.get().private_key
    settings.SALESFORCE_SECRET_KEYS = [SECOND_KEY, FIRST_KEY]
    out = StringIO()
    call_command("rotate_salesforce_secrets", stdout=out)
    assert "1 stored Salesforce secret re-encrypted" in out.getvalue()
    after = OrgConnection.objects.get().private_key
    assert after != before
    settings.SALESFORCE_SECRET_KEYS = [SECOND_KEY]  # the old key dropped
    assert current().private_key.startswith("-----BEGIN PRIVATE KEY-----")
    assert services.sync().status == SyncStatus.DONE


def test_a_secret_without_its_key_fails_the_sync_saying_so(page, standin, settings):
    page.post("/salesforce/", form(standin))
    settings.SALESFORCE_SECRET_KEYS = [SECOND_KEY]
    sync = services.sync()
    assert sync.status == SyncStatus.FAILED
    assert "private key cannot be decrypted" in sync.message


def test_the_environment_wins_over_the_page(page, standin, settings):
    page.post("/salesforce/", form(standin, username="someone.else@example.com"))
    settings.SALESFORCE_USERNAME = standin.org.username
    assert current().username == standin.org.username
    text = page.get("/salesforce/").content.decode()
    assert "Set in the environment (SALESFORCE_*): read-only." in text
    assert 'name="username" value="integration@example.com"' in text and "disabled" in text
    page.post("/salesforce/", form(standin, username="third@example.com"))
    assert OrgConnection.objects.get().username == "someone.else@example.com"
    assert services.sync().status == SyncStatus.DONE


def test_test_connection_says_who_is_connected_and_the_limits(page, standin):
    page.post("/salesforce/", form(standin))
    text = page.post("/salesforce/", {"action": "test"}).content.decode()
    assert "connected as integration@example.com, API version 62.0, limits used " in text
    used = standin.org.api_usage
    assert f"limits used {used - 1:,}/15,000" in text or f"limits used {used:,}/15,000" in text
    assert any("/limits" in call for call in standin.org.calls)


def test_a_bad_password_shows_the_refusal_in_words(page, standin):
    page.post("/salesforce/", password_form(standin, password="wrong"))
    text = page.post("/salesforce/", {"action": "test"}).content.decode()
    assert "Salesforce refused the log-in: authentication failure (invalid_grant)" in text
    assert "connected as" not in text


def test_the_field_picker_offers_the_orgs_fields_and_the_pick_is_synced(page, standin):
    page.post("/salesforce/", form(standin, sao_field="", sdr_field=""))
    text = page.post("/salesforce/", {"action": "fields"}).content.decode()
    sao = text.split('name="sao_field"')[1].split("</select>")[0]
    sdr = text.split('name="sdr_field"')[1].split("</select>")[0]
    assert 'value="SAO_Date__c"' in sao and 'value="SAO_Accepted__c"' in sao
    assert 'value="Accepted_At__c"' in sao and 'value="Discount__c"' not in sao
    assert 'value="Sourced_By__c"' in sdr and 'value="Sourcing_SDR__c"' in sdr
    assert 'value="AccountId"' not in sdr and 'value="SAO_Date__c"' not in sdr
    # The org's second SAO field holds an earlier date for deal 3: picking it moves the SAO.
    standin.org.put(Id="0065g00000Sf003AAA", SAO_Accepted__c="2023-06-01")
    page.post("/salesforce/", form(standin, sao_field="SAO_Accepted__c"))
    assert services.sync().status == SyncStatus.DONE
    deal = Opportunity.objects.get(external_id="0065g00000Sf003AAA")
    assert (str(deal.sao_date), deal.sourced_by.email) == ("2023-06-01", "sam@example.com")
    assert sam_saos("FY24-Q2") == 1 and sam_saos("FY24-Q3") == 0


def sam_saos(quarter: str) -> int:
    """Sam's SAOs in ``quarter``, as ``manage.py attainment`` reports them."""
    out = StringIO()
    call_command("attainment", "--quarter", quarter, "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    row = next(r for r in rows if r["email"] == "sam@example.com" and r["metric"] == "saos")
    return int(Decimal(row["value"]))


def test_sync_now_queues_a_sync_on_commit(page, standin, django_capture_on_commit_callbacks):
    page.post("/salesforce/", form(standin))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = page.post("/salesforce/", {"action": "sync"})
    # The first callback queued the task; the sync's import then queued the recompute.
    assert response.status_code == 302 and queued[0] == sync_salesforce.delay
    sync = Sync.objects.get()
    assert sync.status == SyncStatus.DONE and sync.read == 5
    text = page.get("/salesforce/").content.decode()
    assert "first (full) sync" in text and sync.limit_info in text


def test_sync_now_without_an_org_says_so(page):
    response = page.post("/salesforce/", {"action": "sync"}, follow=True)
    assert "Connect an org first" in response.content.decode()
    assert not Sync.objects.exists()


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
def test_non_admins_get_404(client, role, settings):
    login_person(client, PersonFactory(role=role))
    assert client.get("/salesforce/").status_code == 404
    assert client.post("/salesforce/", {"action": "sync"}).status_code == 404
    assert not OrgConnection.objects.exists()


def test_the_pages_queries_do_not_grow_with_the_syncs(page):
    def count() -> int:
        with CaptureQueriesContext(db) as queries:
            assert page.get("/salesforce/").status_code == 200
        return len(queries)

    Sync.objects.create(status=SyncStatus.DONE, read=3)
    few = count()
    for number in range(30):
        Sync.objects.create(status=SyncStatus.FAILED, message=f"failed {number}")
    assert count() == few


@pytest.fixture
def standin_process(tmp_path, settings):
    """``python -m tests.salesforce_standin`` as a process of its own (a synthetic org); only
    its CA bundle is a setting, the rest goes on the page."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.salesforce_standin", "--opportunities", "20",
         "--dir", str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        env = json.loads(process.stdout.readline())
        settings.SALESFORCE_CA_BUNDLE = env["SALESFORCE_CA_BUNDLE"]
        yield env
    finally:
        process.kill()
        process.wait()


def test_the_page_connects_to_the_stand_in_run_as_a_process(page, standin_process):
    env = standin_process
    data = {
        "action": "save",
        "login": "custom",
        "custom_url": env["SALESFORCE_LOGIN_URL"],
        "flow": "jwt",
        "client_id": env["SALESFORCE_CLIENT_ID"],
        "username": env["SALESFORCE_USERNAME"],
        "private_key": Path(env["SALESFORCE_PRIVATE_KEY_FILE"]).read_text(),
        "api_version": "61.0",
    }
    assert page.post("/salesforce/", data).status_code == 302
    text = page.post("/salesforce/", {"action": "test"}).content.decode()
    assert f"connected as {env['SALESFORCE_USERNAME']}, API version 61.0, limits used " in text
    assert "/15,000 (daily API requests)" in text


def test_a_key_file_in_the_environment_decides_the_flow(page, standin, settings, tls_files):
    page.post("/salesforce/", password_form(standin, password="wrong"))
    settings.SALESFORCE_PRIVATE_KEY_FILE = str(tls_files[2])
    assert current().flow == "jwt" and current().password == ""
    text = page.get("/salesforce/").content.decode()
    assert "Decided by the key file or password set in the environment." in text
    assert services.sync().status == SyncStatus.DONE
