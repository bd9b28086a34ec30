"""Promise 8, audit: target, override and stage-weight writes and imports are recorded with
who, when and before/after, whichever path made them (API, Django admin, command), in the one
trail (django-auditlog's ``LogEntry``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from goals.audit import acting_as
from goals.models import Stage, Target, TargetOverride
from imports.models import ImportRun
from imports.services import import_file
from people.models import Person
from tests.factories import PersonFactory, UserFactory, api_key

pytestmark = pytest.mark.django_db
VERBS = {LogEntry.Action.CREATE: "created", LogEntry.Action.UPDATE: "changed"}
VERBS[LogEntry.Action.DELETE] = "deleted"


def entries(model, **filters):
    """The trail's entries about ``model``, oldest first."""
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=content_type, **filters).order_by("id")


def before(entry) -> dict:
    """The fields an entry names as they were (none for a row it created)."""
    return {name: old for name, (old, _) in entry.changes.items() if old is not None}


def after(entry) -> dict:
    """The fields an entry names as they became (none for a row it deleted)."""
    return {name: new for name, (_, new) in entry.changes.items() if new is not None}


@pytest.fixture
def admin_user():
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    return client


def test_a_target_changed_through_the_api_records_who_and_before_after(admin_user):
    target = Target.objects.get(fiscal_year=2024, quarter=3, role="ae", metric="closed_won_acv")
    old = str(target.value)
    response = token_client(admin_user).patch(
        f"/api/v1/targets/{target.id}/", {"value": "123456.00"}, format="json"
    )
    assert response.status_code == 200
    event = entries(Target).get()
    assert (event.actor, VERBS[event.action]) == (admin_user, "changed")
    assert before(event) == {"value": old}
    assert after(event) == {"value": "123456.00"}


def test_a_stage_weight_changed_in_the_django_admin_is_recorded(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/goals/stage/4/change/", {"number": "4", "name": "Stage 4", "weight": "0.5500"}
    )
    assert response.status_code == 302
    event = entries(Stage).get()
    assert event.actor == admin_user
    assert before(event)["weight"] != "0.5500"
    assert after(event)["weight"] == "0.5500"


def test_an_override_created_and_deleted_is_recorded_twice(admin_user):
    person = PersonFactory(name="Avery Stone")
    with acting_as(admin_user):
        override = TargetOverride.objects.create(
            person=person,
            fiscal_year=2024,
            quarter=3,
            metric_id="closed_won_acv",
            value=Decimal("1000.00"),
        )
        override.delete()
    created, deleted = entries(TargetOverride)
    assert (VERBS[created.action], before(created), after(created)["value"]) == (
        "created",
        {},
        "1000.00",
    )
    assert (VERBS[deleted.action], before(deleted)["person"], after(deleted)) == (
        "deleted",
        person.id,
        {},
    )
    assert {created.actor, deleted.actor} == {admin_user}


def test_a_save_that_changes_nothing_records_nothing():
    stage = Stage.objects.get(number=2)
    stage.save()
    assert not LogEntry.objects.exists()


def test_a_change_outside_a_request_is_recorded_as_the_system():
    stage = Stage.objects.get(number=3)
    stage.weight = Decimal("0.3300")
    stage.save()
    assert LogEntry.objects.get().actor is None


def test_a_committed_import_records_its_file_and_counts(tmp_path, admin_user):
    export = tmp_path / "people.csv"
    export.write_text(
        "Name,Email,Role,SDR Segment,Level,Manager Email,Start Date,Ramp Year\n"
        "Avery Stone,avery@pacer.example,ae,,,,,\n"
        "Sam Rivera,sam@pacer.example,sdr,outbound,,,,\n",
        encoding="utf-8",
    )
    run = import_file("people", export, user=admin_user)
    event = entries(ImportRun).get()
    assert (event.actor, event.additional_data["verb"], event.object_pk) == (
        admin_user,
        "done",
        str(run.pk),
    )
    assert after(event)["file_name"] == "people.csv"
    assert (after(event)["rows_in_file"], after(event)["created"]) == (2, 2)
    assert Person.objects.count() == 2


def test_a_preview_is_not_an_audited_change(tmp_path, admin_user):
    export = tmp_path / "people.csv"
    export.write_text("Name,Email,Role\nAvery Stone,avery@pacer.example,ae\n", encoding="utf-8")
    import_file("people", export, user=admin_user, commit=False)
    assert not entries(ImportRun).exists()


def test_nobody_can_edit_or_delete_the_audit_trail_in_the_django_admin(client, admin_user):
    with acting_as(admin_user):
        stage = Stage.objects.get(number=1)
        stage.weight = Decimal("0.1100")
        stage.save()
    event = LogEntry.objects.get()
    client.force_login(admin_user)
    assert client.get("/admin/auditlog/logentry/").status_code == 200
    client.post(f"/admin/auditlog/logentry/{event.id}/delete/", {"post": "yes"})
    client.post(f"/admin/auditlog/logentry/{event.id}/change/", {"action": "2"})
    assert LogEntry.objects.get() == event
    assert VERBS[LogEntry.objects.get().action] == "changed"


def test_reference_data_saved_with_text_values_is_recorded():
    # load_reference_data writes fixture strings ("0.50"), which Stage.__str__ cannot format.
    Stage.objects.filter(number=5).delete()
    Stage.objects.create(number=5, name="Stage 5", weight="0.75")
    event = entries(Stage).get(action=LogEntry.Action.CREATE)
    assert (event.object_repr, after(event)["weight"]) == ("Stage 5 (75%)", "0.75")
