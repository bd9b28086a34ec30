"""The stand-in as a process of its own (``python -m tests.salesforce_standin``), as the bench
starts it: a synthetic org, a first sync, a 1% change, an incremental sync, the CSV twin."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import requests
from django.core.management import call_command

from bench.synthetic import write_roster
from goals.models import Opportunity
from imports.services import import_file
from salesforce import services
from salesforce.models import SyncStatus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def standin(tmp_path, settings):
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.salesforce_standin", "--opportunities", "400",
         "--dir", str(tmp_path), "--csv", str(tmp_path / "report.csv"), "--bulk-page", "150",
         "--prerender"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        env = json.loads(process.stdout.readline())
        for name, value in env.items():
            setattr(settings, name, float(value) if name.endswith("SECONDS") else value)
        settings.SALESFORCE_PASSWORD, settings.PACER_TODAY = "", None
        yield env
    finally:
        process.kill()
        process.wait()


def control(env, action: str, **body) -> dict:
    url = f"{env['SALESFORCE_LOGIN_URL']}/_standin/{action}"
    return requests.post(url, json=body, verify=env["SALESFORCE_CA_BUNDLE"], timeout=30).json()


def attainment() -> str:
    out = StringIO()
    call_command("attainment", "--quarter", "FY24-Q1", "--format", "json", stdout=out)
    return out.getvalue()


def test_a_synthetic_org_synced_then_changed_equals_its_csv_export(standin, tmp_path):
    import_file("people", write_roster(tmp_path / "roster.csv"))
    first = services.sync()
    assert first.status == SyncStatus.DONE, first.message
    assert first.read == 400 and first.past_states == 400
    assert control(standin, "change", fraction=0.01)["picked"] == 4
    control(standin, "delete", count=2)
    second = services.sync()
    assert second.status == SyncStatus.DONE, second.message
    run = second.run
    assert (second.read, run.updated, run.unchanged) == (4, 4, 0)
    assert (second.deleted, run.removed) == (2, 2)
    synced = attainment()
    assert json.loads(synced) and Opportunity.objects.count() == 398
    assert control(standin, "export", path=str(tmp_path / "now.csv"))["written"] == 398
    Opportunity.objects.all().delete()
    call_command("import_opportunities", str(tmp_path / "now.csv"), stdout=StringIO())
    assert attainment() == synced


def test_the_prerendered_field_list_is_the_one_pacer_asks_for():
    from salesforce.client import BASE_FIELDS
    from tests.salesforce_standin import synthetic

    assert synthetic.BASE_FIELDS == BASE_FIELDS
