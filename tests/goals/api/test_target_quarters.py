"""/api/v1/target-quarters/: the targets page's twin, admins only."""

from datetime import date

import pytest

from goals.models import Target, TargetPublication

pytestmark = pytest.mark.django_db


def test_admin_reads_fy24_q4_proposal(as_role):
    body = as_role("admin").get("/api/v1/target-quarters/FY24-Q4/").json()
    ae = {c["metric"]: c["value"] for c in body["cells"] if c["role"] == "ae"}
    assert ae == {
        "closed_won_acv": "1000000.00",
        "weighted_pipeline": "1000000.00",
        "new_logos_in_pipe": "32.00",
        "new_logos_closed": "12.00",
    }
    assert all(c["proposed"] for c in body["cells"] if c["role"] == "ae")


def test_admin_saves_a_draft_and_publishes_it(as_role, today):
    today(date(2023, 9, 15))
    client = as_role("admin")
    cells = [{"metric": "closed_won_acv", "role": "ae", "sdr_segment": "", "value": "900000"}]
    response = client.put("/api/v1/target-quarters/FY24-Q4/", {"cells": cells}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "changed"  # Q4's SDR targets are published already
    assert as_role("ae").get("/api/v1/targets/?quarter=FY24-Q4&role=ae").json()["results"] == []
    response = client.post("/api/v1/target-quarters/FY24-Q4/publish/")
    assert response.status_code == 201
    assert response.json()["effect"].startswith("no figures yet")
    assert Target.objects.get(fiscal_year=2024, quarter=4, role="ae").published


def test_a_negative_target_is_a_400(as_role):
    cells = [{"metric": "saos", "role": "sdr", "sdr_segment": "outbound", "value": "-1"}]
    response = as_role("admin").put(
        "/api/v1/target-quarters/FY24-Q4/", {"cells": cells}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
def test_non_admins_get_404_reading_and_403_writing(as_role, role):
    client = as_role(role)
    assert client.get("/api/v1/target-quarters/FY24-Q4/").status_code == 404
    assert client.post("/api/v1/target-quarters/FY24-Q4/publish/").status_code == 403
    assert (
        client.put("/api/v1/target-quarters/FY24-Q4/", {"cells": []}, format="json").status_code
        == 403
    )
    assert not TargetPublication.objects.exists()


def test_a_cell_with_an_unknown_segment_is_a_400(as_role):
    cells = [{"metric": "saos", "role": "sdr", "sdr_segment": "martian", "value": "3"}]
    response = as_role("admin").put(
        "/api/v1/target-quarters/FY24-Q4/", {"cells": cells}, format="json"
    )
    assert response.status_code == 400
    assert not Target.objects.filter(sdr_segment="martian").exists()
