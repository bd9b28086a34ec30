"""schemathesis against the live schema: its CLI fetches ``/api/v1/schema/`` from a running
server and sends generated requests to every operation as an admin (who may call every
write). No answer is a 500; every answer matches the schema (status, content type, body).

Bounded: ``SCHEMATHESIS_EXAMPLES`` cases per operation (default 10) in the examples and
fuzzing phases; ``SCHEMATHESIS_PHASES=examples,coverage,fuzzing`` adds the exhaustive
coverage phase (about 1,800 cases, two minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from demo.demo import DEMO_TODAY
from framework.models import AnnualQuota, Rating
from okrs import okrs
from tests.factories import (
    DepartmentQuarterFactory,
    KeyResultFactory,
    ObjectiveFactory,
    UserFactory,
    add_key_result,
    api_key,
)

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
EXAMPLES = os.environ.get("SCHEMATHESIS_EXAMPLES", "10")
PHASES = os.environ.get("SCHEMATHESIS_PHASES", "examples,fuzzing")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def admin_token(org, today) -> str:
    today(DEMO_TODAY)
    org.admin.user = UserFactory(username="fuzz-admin")
    org.admin.save(update_fields=["user"])
    return api_key(org.admin.user)


def _okrs_and_ratings(org) -> dict[str, int]:
    """Data behind the OKR and rating answers, so their bodies are checked against the schema
    with every kind of key result and a rating with and without figures."""
    objective = ObjectiveFactory(plan=DepartmentQuarterFactory(fiscal_year=2024, quarter=3))
    kinds = [
        {"kind": "numeric", "owner": org.ae, "stretch": Decimal(12)},
        {"kind": "score", "start": None, "target": Decimal(4), "scale_max": Decimal(5)},
        {"kind": "milestone", "start": None, "target": None},
        {"kind": "numeric", "link": "target_account_saos"},
        {"kind": "numeric", "target": None, "target_placeholder": "N6"},
    ]
    key_results = []
    for position, fields in enumerate(kinds):
        key_result = KeyResultFactory(fiscal_year=2024, quarter=3, **fields)
        add_key_result(objective, key_result, position=position)
        okrs.record_check_in(
            key_result=key_result, author=None, day=date(2023, 9, 1), confidence=6, value=Decimal(3)
        )
        key_results.append(key_result)
    AnnualQuota.objects.create(person=org.ae, fiscal_year=2024, amount=Decimal("500000"))
    rating = Rating.objects.create(person=org.ae, fiscal_year=2024, role_scope="exceeding")
    Rating.objects.create(person=org.outsider_ae, fiscal_year=2024)  # no quota, not assessed
    return {"key_result_id": key_results[0].id, "rating": rating.id}


def _config(org) -> str:
    """Real ids for the detail routes, so generated requests also reach existing objects."""
    data = _okrs_and_ratings(org)
    ids = {
        "/api/v1/people/{id}/": ("id", org.ae.id),
        "/api/v1/opportunities/{id}/": ("id", org.ae.opportunities.get().id),
        "/api/v1/meetings/{id}/": ("id", org.sdr.meetings.get().id),
        "/api/v1/target-overrides/{id}/": ("id", org.ae.target_overrides.get().id),
        "/api/v1/ratings/{id}/": ("id", data["rating"]),
        "/api/v1/okrs/key-results/{key_result_id}/check-ins/": (
            "key_result_id",
            data["key_result_id"],
        ),
    }
    blocks = [
        f'[[operations]]\ninclude-path = "{path}"\nparameters = {{ {name} = "{pk}" }}\n'
        for path, (name, pk) in ids.items()
    ]
    return "\n".join(blocks)


# Runs once, in the PostgreSQL pass of `make test`, against the production database engine.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_its_schema_says(
    live_server, admin_token, org, tmp_path, capsys
):
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config(org))
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "--no-color",
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        "--url",
        live_server.url,
        "--header",
        f"Authorization: Token {admin_token}",
        "--checks",
        CHECKS,
        "--phases",
        PHASES,
        "--max-examples",
        EXAMPLES,
        "--seed",
        "2024",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--report-dir",
        str(tmp_path),
    ]
    run = subprocess.run(  # noqa: S603 - our own venv's schemathesis, fixed arguments
        command, capture_output=True, text=True, timeout=900, cwd=tmp_path
    )
    summary = run.stdout[run.stdout.rfind("Test cases:") :].splitlines()[:2]
    with capsys.disabled():
        print(f"\nschemathesis: {' '.join(line.strip() for line in summary)}")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
