"""Promise 8, audit: target, override and stage-weight writes and imports are recorded with
who, when and before/after, whichever path made them (API, Django admin, command)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from goals.audit import acting_as
from goals.models import AuditEvent, Stage, Target, TargetOverride
from imports.services import import_file
from people.models import Person
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_target_changed_through_the_api_records_who_and_before_after(admin_user):
    target = Target.objects.get(fiscal_year=2024, quarter=3, role="ae", metric="closed_won_acv")
    old = str(target.value)
    response = token_client(admin_user).patch(
        f"/api/v1/targets/{target.id}/", {"value": "123456.00"}, format="json"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="target")
    assert (event.user, event.verb) == (admin_user, "changed")
    assert event.before == {"value": old}
    assert event.after == {"value": "123456.00"}


def test_a_stage_weight_changed_in_the_django_admin_is_recorded(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/goals/stage/4/change/", {"number": "4", "name": "Stage 4", "weight": "0.5500"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="stage_weight")
    assert event.user == admin_user
    assert event.before["weight"] != "0.5500"
    assert event.after["weight"] == "0.5500"


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
    created, deleted = AuditEvent.objects.filter(action="target_override").order_by("id")
    assert (created.verb, created.before, created.after["value"]) == ("created", {}, "1000.00")
    assert (deleted.verb, deleted.before["person"], deleted.after) == ("deleted", person.id, {})
    assert {created.user, deleted.user} == {admin_user}


def test_a_save_that_changes_nothing_records_nothing():
    stage = Stage.objects.get(number=2)
    stage.save()
    assert not AuditEvent.objects.exists()


def test_a_change_outside_a_request_is_recorded_as_the_system():
    stage = Stage.objects.get(number=3)
    stage.weight = Decimal("0.3300")
    stage.save()
    assert AuditEvent.objects.get().user is None


def test_a_committed_import_records_its_file_and_counts(tmp_path, admin_user):
    export = tmp_path / "people.csv"
    export.write_text(
        "Name,Email,Role,SDR Segment,Level,Manager Email,Start Date,Ramp Year\n"
        "Avery Stone,avery@pacer.example,ae,,,,,\n"
        "Sam Rivera,sam@pacer.example,sdr,outbound,,,,\n",
        encoding="utf-8",
    )
    run = import_file("people", export, user=admin_user)
    event = AuditEvent.objects.get(action="import")
    assert (event.user, event.verb, event.object_id) == (admin_user, "done", str(run.pk))
    assert event.after["file_name"] == "people.csv"
    assert (event.after["rows_in_file"], event.after["created"]) == (2, 2)
    assert Person.objects.count() == 2


def test_a_preview_is_not_an_audited_change(tmp_path, admin_user):
    export = tmp_path / "people.csv"
    export.write_text("Name,Email,Role\nAvery Stone,avery@pacer.example,ae\n", encoding="utf-8")
    import_file("people", export, user=admin_user, commit=False)
    assert not AuditEvent.objects.filter(action="import").exists()


def test_nobody_can_edit_or_delete_the_audit_trail_in_the_django_admin(client, admin_user):
    with acting_as(admin_user):
        stage = Stage.objects.get(number=1)
        stage.weight = Decimal("0.1100")
        stage.save()
    event = AuditEvent.objects.get()
    client.force_login(admin_user)
    assert client.get("/admin/goals/auditevent/").status_code == 200
    client.post(f"/admin/goals/auditevent/{event.id}/delete/", {"post": "yes"})
    client.post(f"/admin/goals/auditevent/{event.id}/change/", {"verb": "edited"})
    assert AuditEvent.objects.get() == event
    assert AuditEvent.objects.get().verb == "changed"


def test_reference_data_saved_with_text_values_is_recorded():
    # load_reference_data writes fixture strings ("0.50"), which Stage.__str__ cannot format.
    Stage.objects.filter(number=5).delete()
    Stage.objects.create(number=5, name="Stage 5", weight="0.75")
    event = AuditEvent.objects.get(verb="created")
    assert (event.object_repr, event.after["weight"]) == ("stage 5", "0.75")
