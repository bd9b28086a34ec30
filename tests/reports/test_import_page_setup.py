"""Issues 14 and 15 on the upload page: a refused upload keeps the admin's files, "taken at" and
"complete export" with the moment's source on the preview, the Data Export zip in one preview,
and a progress bar that never shows a made-up percentage."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from goals.models import Meeting, Opportunity
from imports.models import ImportRun, ImportStatus
from people.models import Person
from tests.factories import PersonFactory, UserFactory
from tests.imports.conftest import FILES, database_state
from tests.imports.test_data_export import ROLES, USERS

pytestmark = pytest.mark.django_db
PUBLIC = Path(__file__).parents[1] / "imports" / "public_exports" / "cumulus_mortgage"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    PersonFactory(name="Avery Stone", email="avery@example.com")
    return client


def _post(client, callbacks, data):
    with callbacks(execute=True):
        return client.post(reverse("imports"), data)


def _held(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found[1] if found else ""


def test_a_refused_upload_keeps_the_file_and_a_second_submit_uses_it(
    admin_client, django_capture_on_commit_callbacks
):
    data = (FILES / "amounts.csv").read_bytes()
    before = database_state()
    response = _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {
            "kind": "opportunities",
            "date_format": "MDY",
            "taken_at": "8 Sept 2023",
            "file": SimpleUploadedFile("amounts.csv", data),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "taken at &#x27;8 Sept 2023&#x27;: write it as YYYY-MM-DD HH:MM" in page
    uploaded = timezone.localtime().strftime("%H:%M")
    assert f"using amounts.csv (uploaded {uploaded}): choose another to replace it" in page
    assert database_state() == before and not ImportRun.objects.exists()
    token = _held(page, "held_file")
    assert token
    response = _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {
            "kind": "opportunities",
            "date_format": "MDY",
            "taken_at": "2023-09-08 06:00",
            "held_file": token,
        },
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.file_name, bytes(run.data), run.taken_at_source) == ("amounts.csv", data, "given")
    assert run.status == ImportStatus.PREVIEWED and run.created == 6


def test_a_held_file_is_only_its_uploaders(
    admin_client, client, django_capture_on_commit_callbacks
):
    response = _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {
            "kind": "opportunities",
            "taken_at": "soon",
            "file": SimpleUploadedFile("amounts.csv", (FILES / "amounts.csv").read_bytes()),
        },
    )
    token = _held(response.content.decode(), "held_file")
    client.force_login(UserFactory(username="other", is_superuser=True, is_staff=True))
    response = _post(
        client, django_capture_on_commit_callbacks, {"kind": "opportunities", "held_file": token}
    )
    assert response.status_code == 200 and "choose the exported file" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_refused_companion_is_not_kept_but_the_export_is(
    admin_client, django_capture_on_commit_callbacks
):
    response = _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {
            "kind": "opportunities",
            "file": SimpleUploadedFile(
                "opps.csv", (FILES / "dataloader_opportunity.csv").read_bytes()
            ),
            "users": SimpleUploadedFile("users.csv", b"Nothing,Here\n1,2\n"),
        },
    )
    page = response.content.decode()
    assert "users.csv" in page and "nothing changed" in page
    assert "using opps.csv" in page and "using users.csv" not in page
    assert _held(page, "held_file") and not _held(page, "held_users")
    assert not ImportRun.objects.exists()


def test_taken_at_and_complete_from_the_page_show_on_the_preview(
    admin_client, django_capture_on_commit_callbacks
):
    _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {
            "kind": "opportunities",
            "date_format": "MDY",
            "taken_at": "2023-09-08 06:00",
            "complete": "on",
            "file": SimpleUploadedFile("amounts.csv", (FILES / "amounts.csv").read_bytes()),
        },
    )
    run = ImportRun.objects.get()
    assert run.complete and run.taken_at_source == "given"
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "Taken at 2023-09-08 06:00, from stated by the admin." in page
    assert "A complete export: deals it does not hold are removed" in page


def test_the_footer_moment_is_shown_with_where_it_came_from(
    admin_client, django_capture_on_commit_callbacks
):
    name = "footers_and_blank_lines.csv"
    _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {"kind": "opportunities", "file": SimpleUploadedFile(name, (FILES / name).read_bytes())},
    )
    run = ImportRun.objects.get()
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "Taken at 2023-09-15 10:02, from the report footer (Generated By)" in page
    assert "Not declared complete" in page


def test_an_older_export_says_so_on_the_summary(admin_client, django_capture_on_commit_callbacks):
    def commit(taken_at):
        _post(
            admin_client,
            django_capture_on_commit_callbacks,
            {
                "kind": "opportunities",
                "date_format": "MDY",
                "taken_at": taken_at,
                "file": SimpleUploadedFile("amounts.csv", (FILES / "amounts.csv").read_bytes()),
            },
        )
        run = ImportRun.objects.first()
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse("import_confirm", args=[run.pk]))
        return run

    commit("2023-09-15 06:00")
    older = commit("2023-09-08 06:00")
    page = admin_client.get(reverse("import_detail", args=[older.pk])).content.decode()
    assert (
        "Taken 2023-09-08 06:00, older than the data you have: recorded as history, current "
        "figures unchanged." in page
    )


def _zip(**files) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Opportunity.csv", (PUBLIC / "Opportunity.csv").read_bytes())
        archive.writestr("Account.csv", (PUBLIC / "Account.csv").read_bytes())
        for name, text in files.items():
            archive.writestr(f"{name}.csv", text)
    return buffer.getvalue()


def test_the_data_export_zip_previews_proposes_people_and_commits(
    admin_client, django_capture_on_commit_callbacks
):
    event = (
        "Id,OwnerId,ActivityDate,Subject\n00U000000000001AAA,00522000003cqmbAAA,2022-06-24,Intro\n"
    )
    data = _zip(User=USERS, UserRole=ROLES, Event=event)
    _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {"kind": "data_export", "file": SimpleUploadedFile("WE_00D_1.zip", data)},
    )
    run = ImportRun.objects.get()
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "Data Export: WE_00D_1.zip" in page
    assert "Event.csv: 1 row(s)" in page
    assert 'name="add-00522000003cqmbAAA"' in page and "old@example.com" not in page
    # The owner (of the deal and of the event) is unknown until the admin adds the people.
    assert run.status == ImportStatus.PREVIEWED and run.error_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("import_people", args=[run.pk]),
            {
                "add-00522000003cqmbAAA": "on",
                "role-00522000003cqmbAAA": "ae",
                "add-00522000003cqmhAAA": "on",
                "role-00522000003cqmhAAA": "manager",
            },
        )
    gabe = Person.objects.get(email="gabe@example.com")
    assert (gabe.name, gabe.role, gabe.manager.email, gabe.salesforce_id) == (
        "Gabe Sumner",
        "ae",
        "pat@example.com",
        "00522000003cqmbAAA",
    )
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and run.error_count == 0
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("import_confirm", args=[run.pk]))
    deal = Opportunity.objects.get()
    assert (deal.owner, deal.account, deal.stage) == (gabe, "*Richard Bennett", "1")
    assert list(Meeting.objects.values_list("sdr", "type", "took_place")) == [
        (gabe.pk, "Event", True)
    ]
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "in the roster as Gabe Sumner" in page


def test_a_zip_without_opportunity_is_refused_naming_what_it_holds(
    admin_client, django_capture_on_commit_callbacks
):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("User.csv", USERS)
    response = _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {"kind": "data_export", "file": SimpleUploadedFile("WE.zip", buffer.getvalue())},
    )
    page = response.content.decode()
    assert "WE.zip" in page and "no Opportunity.csv in the zip (it holds: user)" in page
    assert "export Opportunity too; nothing changed" in page
    assert "using WE.zip" not in page and not ImportRun.objects.exists()  # the refused one


def test_the_progress_bar_never_invents_a_percentage(admin_client):
    run = ImportRun.objects.create(kind="opportunities", file_name="a.csv", rows_in_file=100)
    status = admin_client.get(reverse("import_status", args=[run.pk])).json()
    assert (status["percent"], status["phase"]) == (None, "waiting for its turn…")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, rows_validated=40)
    status = admin_client.get(reverse("import_status", args=[run.pk])).json()
    assert (status["percent"], status["phase"]) == (40, "checked 40 of about 100 rows")
    ImportRun.objects.filter(pk=run.pk).update(commit=True, rows_validated=100)
    status = admin_client.get(reverse("import_status", args=[run.pk])).json()
    assert (status["percent"], status["phase"]) == (None, "writing… (checked every row)")
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert '<progress id="progress" max="100" aria-label' in page
    assert '<span id="percent">importing…</span>' in page


NO_STATUS = (
    "Activity ID,Assigned,Date,Meeting Type\n"
    "00U5b0000000001EAA,Sam Rivera,9/18/2023,New Business Meeting\n"
)


def test_meetings_without_a_status_ask_whether_every_meeting_took_place(
    admin_client, django_capture_on_commit_callbacks
):
    from goals.models import Meeting

    PersonFactory(name="Sam Rivera", email="sam@example.com", role="sdr", sdr_segment="outbound")
    _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {
            "kind": "meetings",
            "date_format": "MDY",
            "file": SimpleUploadedFile("activities.csv", NO_STATUS.encode()),
        },
    )
    run = ImportRun.objects.get()
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "No Status column: did every meeting in this file take place?" in page
    assert '<input type="checkbox" name="all_held" required>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("import_confirm", args=[run.pk]), follow=True)
    assert "Not imported: this file has no Status column" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and not Meeting.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("import_confirm", args=[run.pk]), {"all_held": "on"})
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and Meeting.objects.get().took_place
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "no Status column: the admin confirmed every meeting took place" in page


def test_meetings_with_a_status_are_not_asked(admin_client, django_capture_on_commit_callbacks):
    PersonFactory(name="Sam Rivera", email="sam@example.com", role="sdr", sdr_segment="outbound")
    _post(
        admin_client,
        django_capture_on_commit_callbacks,
        {
            "kind": "meetings",
            "date_format": "MDY",
            "file": SimpleUploadedFile("meetings.csv", (FILES / "meetings.csv").read_bytes()),
        },
    )
    run = ImportRun.objects.get()
    page = admin_client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "did every meeting in this file take place" not in page
