"""Issue 8, promise 6: with Redis unreachable, confirming or uploading an import answers at once
with a clear message, nothing changes, and the preview can be confirmed again later."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import Opportunity
from imports.models import ImportRun, ImportStatus
from imports.services import create_upload, execute
from tests.factories import PersonFactory, UserFactory
from tests.imports.conftest import FILES
from tests.reports.test_redis_down import redis_down  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
UNREACHABLE = "The task queue (Redis) is unreachable, so the import was not queued"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    PersonFactory(name="Avery Stone", email="avery@example.com")
    return client


@pytest.fixture
def previewed(admin_client):
    data = (FILES / "amounts.csv").read_bytes()
    run = create_upload(kind="opportunities", name="amounts.csv", data=data, date_format="MDY")
    return execute(run)  # in-process: the broker is only pointed away afterwards


@pytest.mark.usefixtures("redis_down")
def test_confirm_with_redis_down_says_so_and_keeps_the_preview(previewed, admin_client):
    response = admin_client.post(reverse("import_confirm", args=[previewed.pk]), follow=True)
    assert response.status_code == 200
    assert UNREACHABLE in response.content.decode()
    previewed.refresh_from_db()
    assert (previewed.status, previewed.commit) == (ImportStatus.PREVIEWED, False)
    assert not Opportunity.objects.exists()


def test_the_preview_can_be_confirmed_again_once_the_queue_answers(
    previewed, settings, admin_client, django_capture_on_commit_callbacks
):
    from tests.reports.test_redis_down import CLOSED_PORT, point_broker_at

    restore = point_broker_at(CLOSED_PORT, settings)
    admin_client.post(reverse("import_confirm", args=[previewed.pk]))
    restore()
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("import_confirm", args=[previewed.pk]))
    previewed.refresh_from_db()
    assert (previewed.status, previewed.created) == (ImportStatus.DONE, 6)


@pytest.mark.usefixtures("redis_down")
def test_upload_with_redis_down_says_so(admin_client):
    response = admin_client.post(
        reverse("imports"),
        {
            "kind": "opportunities",
            "file": SimpleUploadedFile("amounts.csv", (FILES / "amounts.csv").read_bytes()),
        },
        follow=True,
    )
    assert UNREACHABLE in response.content.decode()
    run = ImportRun.objects.get()
    assert (run.status, run.message.startswith(UNREACHABLE)) == (ImportStatus.FAILED, True)
