"""Issue 14, set-up on the preview, never a silent drop: every stage, currency, owner and SDR
the preview cannot place is listed with a control; answers are saved and the same upload is
checked again; no committed opportunity can hold a stage outside the engine's set."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goals.models import (
    STAGE_VALUES,
    Opportunity,
    PersonAlias,
    StageAlias,
    StageValue,
)
from imports import columns, fields, parsers, preferences, records
from imports.models import CurrencyRate, ImportRun
from imports.reading import read_table
from imports.service import row_context
from people.models import Person
from tests.factories import UserFactory

from .conftest import FILES

pytestmark = pytest.mark.django_db
HEADER = "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Amount Currency,Close Date"
ROWS = [
    "0065b00000Su001,Avery Stone,Acme,Proposal,100,USD,3/30/2023",
    "0065b00000Su002,A. Stone,Acme,Proposal,4612.6125,PEN,3/30/2023",
    "0065b00000Su003,Dana New,Acme,Stage 2,10,USD,3/30/2023",
]


@pytest.fixture
def admin(client, team):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    return client


def _upload(client, callbacks, data: bytes, name="setup.csv") -> ImportRun:
    with callbacks(execute=True):
        response = client.post(
            reverse("imports"),
            {"kind": "opportunities", "date_format": "", "file": SimpleUploadedFile(name, data)},
        )
    assert response.status_code == 302
    return ImportRun.objects.latest("pk")


def _texts(items) -> list[tuple[str, int]]:
    return [(item["text"], item["rows"]) for item in items]


def test_the_preview_lists_what_it_cannot_place_and_the_answers_fix_the_same_upload(
    admin, team, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    run = _upload(admin, callbacks, ("\n".join([HEADER, *ROWS]) + "\n").encode())
    assert run.error_count == 5  # two unknown stages, a missing rate, two unknown owners
    assert _texts(run.unplaced["stage"]) == [("Proposal", 2)]
    assert _texts(run.unplaced["currency"]) == [("PEN", 1)]
    assert _texts(run.unplaced["owner"]) == [("A. Stone", 1), ("Dana New", 1)]
    page = admin.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert 'id="setup-form"' in page and 'aria-label="1 PEN = ? USD"' in page
    assert '<option value="won">Closed Won</option>' in page
    assert reverse("import_mappings") in page
    answers = {
        "stage-text-1": "Proposal",
        "stage-answer-1": "5",
        "currency-text-1": "PEN",
        "currency-answer-1": "0.27",
        "owner-text-1": "A. Stone",
        "owner-answer-1": str(team["avery"].pk),
        "owner-text-2": "Dana New",
        "owner-answer-2": "new",
        "owner-name-2": "Dana New",
        "owner-email-2": "dana@example.com",
        "owner-role-2": "ae",
    }
    with callbacks(execute=True):
        admin.post(reverse("import_setup", args=[run.pk]), answers)
    run.refresh_from_db()
    assert (run.status, run.error_count, run.unplaced, run.created) == ("previewed", 0, {}, 3)
    assert ImportRun.objects.count() == 1 and not Opportunity.objects.exists()
    assert StageAlias.objects.get().stage == "5"
    assert CurrencyRate.objects.get(currency="PEN").rate == Decimal("0.27")
    assert PersonAlias.objects.get(name="A. Stone").person == team["avery"]
    assert Person.objects.get(email="dana@example.com").role == "ae"
    mapping = ("goals.stagealias", "goals.personalias", "imports.currencyrate")
    audited = [f"{e.content_type.app_label}.{e.content_type.model}" for e in LogEntry.objects.all()]
    assert sum(label in mapping for label in audited) == 3
    with callbacks(execute=True):
        admin.post(reverse("import_confirm", args=[run.pk]))
    second = Opportunity.objects.get(external_id__startswith="0065b00000Su002")
    assert (second.stage, second.amount, second.owner) == ("5", Decimal("1245.41"), team["avery"])


def test_a_wrong_answer_saves_nothing_and_says_why(admin, django_capture_on_commit_callbacks):
    data = (FILES / "unknown_stage.csv").read_bytes()
    run = _upload(admin, django_capture_on_commit_callbacks, data)
    response = admin.post(
        reverse("import_setup", args=[run.pk]),
        {"stage-text-1": "Maybe Later", "stage-answer-1": "7"},
        follow=True,
    )
    assert "Nothing saved: stage &#x27;Maybe Later&#x27;: choose 1-6, won or lost" in (
        response.content.decode()
    )
    assert not StageAlias.objects.exists()


def test_an_owner_id_from_the_user_file_is_added_to_the_roster_with_its_id(
    admin, team, django_capture_on_commit_callbacks
):
    users = (FILES / "dataloader_user.csv").read_bytes()
    users = users.replace(b"Avery Stone", b"A. Stone").replace(b"avery@", b"a.stone@")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("imports"),
            {
                "kind": "opportunities",
                "file": SimpleUploadedFile(
                    "o.csv", (FILES / "dataloader_opportunity.csv").read_bytes()
                ),
                "users": SimpleUploadedFile("User.csv", users),
                "accounts": SimpleUploadedFile(
                    "a.csv", (FILES / "dataloader_account.csv").read_bytes()
                ),
            },
        )
    run = ImportRun.objects.get()
    (owner,) = run.unplaced["owner"]
    assert (owner["text"], owner["name"], owner["email"]) == (
        "0055b00000Usr02AAA",
        "A. Stone",
        "a.stone@example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("import_setup", args=[run.pk]),
            {"owner-text-1": owner["text"], "owner-answer-1": str(team["avery"].pk)},
        )
    team["avery"].refresh_from_db()
    assert team["avery"].salesforce_id == "0055b00000Usr02AAA"
    run.refresh_from_db()
    assert "owner" not in run.unplaced


def test_the_mapping_page_offers_only_the_engines_stages(admin):
    page = admin.get(reverse("import_mappings")).content.decode()
    stage_form = page[page.index('id="stage-form"') :].split("</form>")[0]
    assert stage_form.count("<option value=") == 9  # "(choose)" and the engine's eight
    admin.post(reverse("import_mappings"), {"action": "stage", "name": "Proposal", "stage": "5"})
    admin.post(reverse("import_mappings"), {"action": "stage", "name": "Done", "stage": "Won"})
    admin.post(reverse("import_mappings"), {"action": "rate", "currency": "pen", "rate": "0.27"})
    assert list(StageAlias.objects.values_list("name", "stage")) == [("Proposal", "5")]
    assert "1 PEN = 0.27 USD" in admin.get(reverse("import_mappings")).content.decode()


def test_the_admin_form_refuses_a_stage_outside_the_engines_set(admin):
    add = reverse("admin:goals_stagealias_add")
    for stage in ("7", "Won", "Proposal"):
        admin.post(add, {"name": f"x {stage}", "stage": stage})
    admin.post(add, {"name": "Proposal", "stage": "5"})
    assert list(StageAlias.objects.values_list("name", "stage")) == [("Proposal", "5")]


def test_the_stage_choices_are_the_engines():
    assert STAGE_VALUES == StageValue.values == list(parsers.STAGES)


@pytest.mark.parametrize("stage", ["7", "Won", "Prop", ""])
def test_the_database_refuses_a_stage_outside_the_engines_set(stage):
    with pytest.raises(IntegrityError), transaction.atomic():
        StageAlias.objects.create(name="x", stage=stage)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.create(
            external_id="0065b00000Xx001AAA",
            account="a",
            type="expansion",
            stage=stage,
            close_date="2024-01-01",
        )


def _stages_checked(path, aliases: dict[str, str], fast: bool) -> tuple[list, list]:
    run = ImportRun(kind="opportunities", file_name=path.name, date_format="MDY")
    with path.open("rb") as handle:
        table = read_table(handle, path.name, fields.header_finder(run.kind))
        match = fields.match_columns(run.kind, table.header)
        ctx = row_context(run, table, match, {})
        ctx.aliases = aliases  # whatever a mapping table could hold, past its constraint
        if fast:
            checked = list(columns.opportunities(ctx, table.rows))
        else:
            checked = list(columns.row_by_row(records.opportunity, ctx, table.rows))
    stages = [record[6] for chunk in checked for record in chunk.records]
    errors = [e.reason for chunk in checked for row in chunk.errors for e in row]
    return stages, errors


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.one_of(st.sampled_from(["7", "Won", "Prop", "0", " 5", "LOST"]), st.text(max_size=5))
)
def test_no_mapping_value_outside_the_engines_set_reaches_a_record(team, tmp_path_factory, value):
    path = tmp_path_factory.mktemp("s") / "s.csv"
    path.write_text(HEADER + "\n" + ROWS[0] + "\n", encoding="utf-8")
    for fast in (True, False):
        stages, errors = _stages_checked(path, {"proposal": value}, fast)
        assert set(stages) <= set(parsers.STAGES)
        if value not in parsers.STAGES:
            assert stages == [] and ("not 1-6, won or lost" in errors[0] or not value)


def test_the_mapping_page_keeps_the_date_format_and_the_meeting_type_filter(admin):
    admin.post(
        reverse("import_mappings"),
        {"action": "preferences", "date_format": "DMY", "meeting_types": "EBC\r\n\r\nReferral\r\n"},
    )
    page = admin.get(reverse("import_mappings")).content.decode()
    assert '<option value="DMY" selected>' in page
    assert ">EBC\nReferral\n</textarea>" in page
    admin.post(reverse("import_mappings"), {"action": "preferences", "date_format": "XYZ"})
    assert preferences.date_format() == "DMY"
