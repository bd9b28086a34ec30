"""/api/v1/annual-quotas/ and /api/v1/quota-uploads/ (admins only), and an override's reason."""

from decimal import Decimal
from pathlib import Path

import pytest

from framework.models import AnnualQuota
from goals.models import TargetOverride

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[2] / "reports" / "data"


def _file(name: str):
    handle = (DATA / name).open("rb")
    return handle


def test_admin_sets_an_annual_quota(as_role, org):
    body = {"person": org.ae.id, "fiscal_year": 2024, "amount": "480000"}
    response = as_role("admin").post("/api/v1/annual-quotas/", body, format="json")
    assert response.status_code == 201
    assert AnnualQuota.objects.get(person=org.ae).amount == Decimal(480000)
    listed = as_role("admin").get("/api/v1/annual-quotas/?fiscal_year=2024").json()
    assert {"person": org.ae.id, "fiscal_year": 2024, "amount": "480000.00"} in listed


def test_a_quota_upload_previews_then_commits(as_role):
    client = as_role("admin")
    with _file("quotas_good.csv") as handle:
        preview = client.post("/api/v1/quota-uploads/", {"file": handle}, format="multipart")
    assert preview.status_code == 200 and not preview.json()["committed"]
    assert len(preview.json()["rows"]) == 3 and not AnnualQuota.objects.exists()
    with _file("quotas_good.csv") as handle:
        body = {"file": handle, "commit": "true"}
        done = client.post("/api/v1/quota-uploads/", body, format="multipart")
    assert done.json()["committed"]
    assert TargetOverride.objects.get(metric="saos").reason == "part quarter"


def test_a_quota_upload_with_a_bad_line_changes_nothing(as_role):
    with _file("quotas_bad_line.csv") as handle:
        body = {"file": handle, "commit": "true"}
        response = as_role("admin").post("/api/v1/quota-uploads/", body, format="multipart")
    assert response.status_code == 422  # a file read and refused; 400 is a malformed request
    errors = [(e["line"], e["column"]) for e in response.json()["errors"]]
    assert errors == [("3", "Person"), ("4", "Amount")]
    assert not AnnualQuota.objects.exists()


def test_an_override_through_the_api_needs_a_reason_and_records_who(as_role, org):
    body = {"person": org.sdr.id, "quarter": "FY24-Q3", "metric": "saos", "value": "9"}
    client = as_role("admin")
    assert client.post("/api/v1/target-overrides/", body, format="json").status_code == 400
    body["reason"] = "part quarter"
    response = client.post("/api/v1/target-overrides/", body, format="json")
    assert response.status_code == 201
    override = TargetOverride.objects.get(person=org.sdr)
    assert override.set_by == org.admin.user and override.set_at is not None


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
def test_non_admins_get_404_reading_and_403_writing(as_role, org, role):
    client = as_role(role)
    assert client.get("/api/v1/annual-quotas/").status_code == 404
    body = {"person": org.ae.id, "fiscal_year": 2024, "amount": "1"}
    assert client.post("/api/v1/annual-quotas/", body, format="json").status_code == 403
    with _file("quotas_good.csv") as handle:
        body = {"file": handle, "commit": "true"}
        assert client.post("/api/v1/quota-uploads/", body, format="multipart").status_code == 403
    assert not AnnualQuota.objects.exists()
