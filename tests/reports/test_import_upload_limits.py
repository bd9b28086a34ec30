"""Issue 8, promise 3 on the upload page: a file over MAX_UPLOAD_BYTES is refused with the
limit named, from its declared size before the body is read, or while it streams in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from imports.models import ImportRun
from tests.factories import PersonFactory, UserFactory
from tests.imports.conftest import FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    PersonFactory(name="Avery Stone", email="avery@example.com")
    return UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def post_file(client, data: bytes, **extra):
    return client.post(
        reverse("imports"),
        {"kind": "opportunities", "file": SimpleUploadedFile("big.csv", data)},
        **extra,
    )


def test_the_upload_page_names_the_size_limit(admin_client, settings):
    settings.MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    assert "At most 50.0 MB." in admin_client.get(reverse("imports")).content.decode()


def test_a_declared_size_over_the_limit_is_refused_without_reading_the_body(admin_client):
    # The body is tiny but claims 60 MB: reading it would fail, so a 413 page proves the view
    # refused from the Content-Length alone.
    response = post_file(admin_client, b"a,b\r\n", CONTENT_LENGTH=str(60 * 1024 * 1024))
    assert response.status_code == 413
    assert "over the upload limit of 50.0 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_just_over_the_limit_is_stopped_while_it_streams_in(admin_client, settings):
    settings.MAX_UPLOAD_BYTES = 100_000
    response = post_file(admin_client, b"x" * 120_000)
    assert response.status_code == 200
    assert "the file is over the upload limit of 0.1 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_within_the_limit_is_accepted(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.MAX_UPLOAD_BYTES = 100_000
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(admin_client, (FILES / "amounts.csv").read_bytes())
    assert response.status_code == 302
    assert ImportRun.objects.get().status == "previewed"


def test_the_upload_still_needs_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = post_file(client, (FILES / "amounts.csv").read_bytes())
    assert response.status_code == 403
    assert not ImportRun.objects.exists()
