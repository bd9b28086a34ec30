"""POST /api/v1/imports/ starts an import; its status is readable until it finishes."""

from pathlib import Path

import pytest

from goals.models import Opportunity
from imports.models import ImportRun
from tests.factories import PersonFactory
from tests.goals.api.conftest import api_client

pytestmark = pytest.mark.django_db
EXPORT = Path(__file__).parent / "files" / "id_18.csv"


def upload(client, **extra):
    with EXPORT.open("rb") as handle:
        return client.post(
            "/api/v1/imports/",
            {"kind": "opportunities", "file": handle, "date_format": "MDY", **extra},
            format="multipart",
        )


def test_an_admin_uploads_previews_and_confirms(django_capture_on_commit_callbacks):
    PersonFactory(name="Avery Stone", email="avery@example.com")
    client = api_client(PersonFactory(role="admin"))
    with django_capture_on_commit_callbacks(execute=True):
        created = upload(client)
    assert created.status_code == 201
    run = client.get(f"/api/v1/imports/{created.json()['id']}/").json()
    assert (run["status"], run["rows_in_file"], run["created"]) == ("previewed", 1, 1)
    assert not Opportunity.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/api/v1/imports/{run['id']}/confirm/", {}, format="json")
    assert confirmed.status_code == 200
    assert client.get(f"/api/v1/imports/{run['id']}/").json()["status"] == "done"
    assert Opportunity.objects.get().amount == 250


def test_a_run_that_is_not_previewed_cannot_be_confirmed():
    client = api_client(PersonFactory(role="admin"))
    run = ImportRun.objects.create(kind="opportunities", file_name="x.csv", checksum="0")
    response = client.post(f"/api/v1/imports/{run.id}/confirm/", {}, format="json")
    assert response.status_code == 400
    assert "previewed" in response.json()["fields"]["status"][0]


def test_a_binary_file_is_rejected_with_its_name(django_capture_on_commit_callbacks):
    client = api_client(PersonFactory(role="admin"))
    binary = Path(__file__).parent / "files" / "binary.csv"
    with django_capture_on_commit_callbacks(execute=True), binary.open("rb") as handle:
        created = client.post(
            "/api/v1/imports/", {"kind": "opportunities", "file": handle}, format="multipart"
        )
    run = client.get(f"/api/v1/imports/{created.json()['id']}/").json()
    assert run["status"] == "rejected"
    assert "binary.csv" in run["message"] + str(run["errors"])


def test_a_rep_can_neither_upload_nor_see_runs():
    ImportRun.objects.create(kind="opportunities", file_name="x.csv", checksum="0")
    client = api_client(PersonFactory(role="ae"))
    assert upload(client).status_code == 403
    assert client.get("/api/v1/imports/").json()["results"] == []


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(settings):
    settings.MAX_UPLOAD_BYTES = 10
    response = upload(api_client(PersonFactory(role="admin")))
    assert response.status_code == 400
    assert "over the upload limit" in response.json()["fields"]["file"][0]
    assert not ImportRun.objects.exists()
