"""/api/v1/stage-weights/: seed 000's weights; an admin changes one and figures follow."""

from datetime import date
from decimal import Decimal

import pytest

from goals.models import Stage
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_seed_000_weights(as_role):
    rows = as_role("ae").get("/api/v1/stage-weights/").json()
    assert [(row["number"], row["weight"]) for row in rows] == [
        (1, "0.0000"),
        (2, "0.1000"),
        (3, "0.2000"),
        (4, "0.5000"),
        (5, "0.7500"),
        (6, "0.9000"),
    ]


def test_a_rep_cannot_change_a_weight(as_role):
    response = as_role("ae").patch("/api/v1/stage-weights/4/", {"weight": "1"}, format="json")
    assert response.status_code == 403
    assert Stage.objects.get(number=4).weight == Decimal("0.5")


def test_a_weight_above_one_is_refused(as_role):
    response = as_role("admin").patch("/api/v1/stage-weights/4/", {"weight": "1.5"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["weight"]


def test_a_changed_weight_applies_to_the_next_figures(as_role, org, today):
    today(date(2023, 9, 15))
    OpportunityFactory(
        owner=org.ae, stage="4", amount=Decimal("10000"), close_date=date(2023, 12, 1)
    )
    client = as_role("admin")
    url = f"/api/v1/attainment/?quarter=FY24-Q3&person={org.ae.email}"

    def pipeline() -> str:
        rows = client.get(url).json()["results"]
        return next(r["value"] for r in rows if r["metric"] == "weighted_pipeline")

    assert pipeline() == "5000"  # 10,000 × 50%
    response = client.patch("/api/v1/stage-weights/4/", {"weight": "0.6"}, format="json")
    assert response.status_code == 200
    assert pipeline() == "6000"
