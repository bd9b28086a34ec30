"""The admin's upload pages: upload, preview, confirm, status, errors as CSV."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import Opportunity
from imports.models import ImportRun, ImportStatus
from tests.factories import PersonFactory, UserFactory
from tests.imports.conftest import FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    PersonFactory(name="Avery Stone", email="avery@example.com")
    return client


def upload(client, name, callbacks, date_format="MDY"):
    with callbacks(execute=True):
        response = client.post(
            reverse("imports"),
            {
                "kind": "opportunities",
                "date_format": date_format,
                "file": SimpleUploadedFile(name, (FILES / name).read_bytes()),
            },
        )
    assert response.status_code == 302
    return ImportRun.objects.get()


def test_reps_cannot_open_the_import_page(client):
    rep = PersonFactory(role="ae")
    user = UserFactory(username="rep")
    rep.user = user
    rep.save()
    client.force_login(user)
    assert client.get(reverse("imports")).status_code == 404  # issue 18: no such page


def test_upload_previews_columns_and_counts_without_writing(
    admin_client, django_capture_on_commit_callbacks
):
    run = upload(admin_client, "amounts.csv", django_capture_on_commit_callbacks)
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert run.status == ImportStatus.PREVIEWED
    assert '<option value="Opportunity Owner" selected>' in page
    assert 'id="count-created">6<' in page
    assert Opportunity.objects.count() == 0


def test_confirm_commits_and_the_status_reaches_the_end(
    admin_client, django_capture_on_commit_callbacks
):
    run = upload(admin_client, "amounts.csv", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("import_confirm", args=[run.pk]))
    status = admin_client.get(reverse("import_status", args=[run.pk])).json()
    assert (status["status"], status["percent"], status["rows_read"]) == ("done", 100, 6)
    assert Opportunity.objects.count() == 6


def test_errors_download_as_csv_with_file_line_and_column(
    admin_client, django_capture_on_commit_callbacks
):
    run = upload(admin_client, "unknown_stage.csv", django_capture_on_commit_callbacks)
    body = admin_client.get(reverse("import_errors_csv", args=[run.pk])).content.decode("utf-8-sig")
    assert body.splitlines() == [
        "file,line,column,value,reason",
        'unknown_stage.csv,2,Stage,Maybe Later,"unknown stage: map it to 1-6, won or lost in '
        "this preview's Set-up, or under Imports \u2192 Stage mapping (/imports/setup/)\"",
    ]


def test_markup_in_a_file_shows_as_text(admin_client, django_capture_on_commit_callbacks):
    data = (
        b"Opportunity Owner,Account Name,Stage,Amount,Close Date,Opportunity ID\r\n"
        b"<script>alert(1)</script>,A,3,1,2023-10-01,0065b00000Hx001\r\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("imports"),
            {"kind": "opportunities", "file": SimpleUploadedFile("x.csv", data)},
        )
    run = ImportRun.objects.get()
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_errors_csv_never_hands_a_formula_to_a_spreadsheet(
    admin_client, django_capture_on_commit_callbacks
):
    data = (
        b"Opportunity Owner,Account Name,Stage,Amount,Close Date,Opportunity ID\r\n"
        b'"=HYPERLINK(""http://x"")",A,3,1,2023-10-01,0065b00000Hx002\r\n'
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("imports"),
            {"kind": "opportunities", "file": SimpleUploadedFile("f.csv", data)},
        )
    run = ImportRun.objects.get()
    body = admin_client.get(reverse("import_errors_csv", args=[run.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_data_loader_upload_with_user_and_account_files(
    admin_client, django_capture_on_commit_callbacks
):
    PersonFactory(name="Chloé Dubois", email="chloe@example.com")
    PersonFactory(name="Sam Rivera", email="sam@example.com", role="sdr", sdr_segment="outbound")
    files = {
        field: SimpleUploadedFile(name, (FILES / name).read_bytes())
        for field, name in (
            ("file", "dataloader_opportunity.csv"),
            ("users", "dataloader_user.csv"),
            ("accounts", "dataloader_account.csv"),
        )
    }
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("imports"), {"kind": "opportunities", **files})
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE, run.errors
    deal = Opportunity.objects.get(external_id="0065b00000DL002AAA")
    assert (deal.owner.name, deal.account, deal.sourced_by.name) == (
        "Avery Stone",
        "Initech",
        "Sam Rivera",
    )


def test_the_previews_column_choices_are_saved_for_that_kind_of_file(
    admin_client, django_capture_on_commit_callbacks
):
    from imports.models import ColumnMapping

    run = upload(admin_client, "amounts.csv", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("import_remap", args=[run.pk]),
            {"column_owner": "Opportunity Owner", "column_stage": ""},
        )
    assert response.status_code == 302
    saved = dict(ColumnMapping.objects.filter(kind="opportunities").values_list("field", "column"))
    assert saved == {"owner": "Opportunity Owner"}
    assert ImportRun.objects.get().status == ImportStatus.PREVIEWED  # previewed again
