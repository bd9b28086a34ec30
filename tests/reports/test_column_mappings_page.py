"""The column mappings page (issue 18): an admin sets which column feeds a field, per kind of
file; each change is in the audit trail with before and after; nobody else sees the page."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from imports.column_mappings import column_mappings_save
from imports.models import ColumnMapping
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    login_person(client, PersonFactory(role="admin", email="ops@pacer.example"))
    return client


def entries():
    kind = ContentType.objects.get_for_model(ColumnMapping)
    return LogEntry.objects.filter(content_type=kind).order_by("id")


def test_an_admin_maps_a_column_and_the_audit_trail_has_before_and_after(admin):
    admin.post("/column-mappings/", {"kind": "opportunities", "column_stage": "Phase"})
    assert ColumnMapping.objects.get(kind="opportunities", field="stage").column == "Phase"
    admin.post("/column-mappings/", {"kind": "opportunities", "column_stage": "Deal Phase"})
    created, changed = entries()
    assert created.action == LogEntry.Action.CREATE
    assert changed.changes_dict["column"] == ["Phase", "Deal Phase"]
    assert changed.actor.username == "ops@pacer.example"


def test_a_blank_column_removes_the_mapping_in_the_audit_trail(admin):
    ColumnMapping.objects.create(kind="meetings", field="date", column="Held On")
    admin.post("/column-mappings/", {"kind": "meetings", "column_date": ""})
    assert not ColumnMapping.objects.exists()
    assert entries().last().action == LogEntry.Action.DELETE


def test_the_page_shows_each_kinds_fields_with_their_saved_column(admin):
    ColumnMapping.objects.create(kind="opportunities", field="stage", column="Phase")
    page = admin.get("/column-mappings/").content.decode()
    assert 'name="column_stage" value="Phase"' in page
    assert 'data-testid="columns-meetings"' in page and 'data-testid="columns-people"' in page


def test_a_field_we_do_not_read_is_refused_and_nothing_saved():
    with pytest.raises(ValueError, match="opportunities files have no field colour"):
        column_mappings_save(kind="opportunities", columns={"stage": "Phase", "colour": "X"})
    assert not ColumnMapping.objects.exists()


def test_an_unknown_kind_is_refused(admin):
    response = admin.post("/column-mappings/", {"kind": "invoices"}, follow=True)
    assert "Nothing saved: unknown kind of file" in response.content.decode()


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
def test_the_page_does_not_exist_for_anyone_else(client, role):
    login_person(client, PersonFactory(role=role))
    assert client.get("/column-mappings/").status_code == 404
    assert client.post("/column-mappings/", {"kind": "meetings"}).status_code == 404
    assert not ColumnMapping.objects.exists()
