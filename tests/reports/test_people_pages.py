"""The roster, one person's quotas and overrides, and the quota upload (admins only)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from framework.models import AnnualQuota
from goals.models import TargetOverride
from people.models import Person
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def entries(model, **filters):
    """The audit trail's entries (django-auditlog) about ``model``, oldest first."""
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=content_type, **filters).order_by("id")


def changed(entry) -> dict:
    """The fields an entry names, as (before, after)."""
    return {name: tuple(pair) for name, pair in entry.changes.items()}


@pytest.fixture(autouse=True)
def mid_q3(today):
    today(date(2023, 9, 15))


@pytest.fixture
def people(client):
    admin = PersonFactory(role="admin", name="Ada Admin", email="ada@pacer.example")
    login_person(client, admin)
    manager = PersonFactory(role="manager", name="Maria Lopez", email="maria@pacer.example")
    ae = PersonFactory(name="Avery Stone", email="avery@pacer.example", manager=manager)
    sdr = PersonFactory(
        name="Sam Rivera",
        email="sam@pacer.example",
        role="sdr",
        sdr_segment="outbound",
        manager=manager,
    )
    return {"admin": admin, "manager": manager, "ae": ae, "sdr": sdr}


def test_the_roster_lists_everyone_with_their_manager(client, people):
    text = client.get("/people/").content.decode()
    assert "Avery Stone" in text and "Maria Lopez" in text


def test_add_a_person_is_audited(client, people):
    body = {
        "action": "person",
        "name": "Nia New",
        "email": "nia@pacer.example",
        "role": "sdr",
        "sdr_segment": "inbound",
        "level": "L2",
        "manager": people["manager"].id,
        "start_date": "2023-09-01",
        "ramp_year": "2024",
    }
    response = client.post("/people/new/", body)
    assert response.status_code == 302
    nia = Person.objects.get(email="nia@pacer.example")
    assert (nia.sdr_segment, nia.ramp_year, nia.manager) == ("inbound", 2024, people["manager"])
    event = entries(Person).get(object_pk=str(nia.pk))
    assert event.action == LogEntry.Action.CREATE
    assert changed(event)["email"][1] == "nia@pacer.example"


def test_an_ae_with_a_segment_is_refused(client, people):
    body = {
        "action": "person",
        "name": "X",
        "email": "x@pacer.example",
        "role": "ae",
        "sdr_segment": "inbound",
    }
    response = client.post("/people/new/", body)
    assert response.status_code == 400
    assert "only an SDR has a segment" in response.content.decode()
    assert not Person.objects.filter(email="x@pacer.example").exists()


def test_deactivate_keeps_the_person(client, people):
    ae = people["ae"]
    client.post(f"/people/{ae.id}/edit/", {"action": "deactivate"})
    ae.refresh_from_db()
    assert not ae.is_active
    event = entries(Person, object_pk=str(ae.pk), action=LogEntry.Action.UPDATE).get()
    assert changed(event) == {"is_active": (True, False)}


def test_a_manager_cannot_report_to_their_own_report(client, people):
    manager, ae = people["manager"], people["ae"]
    ae.role = "manager"
    ae.save()
    body = {
        "action": "person",
        "name": manager.name,
        "email": manager.email,
        "role": "manager",
        "manager": ae.id,
    }
    response = client.post(f"/people/{manager.id}/edit/", body)
    assert response.status_code == 400
    assert "own report" in response.content.decode()


def test_an_override_needs_a_reason_and_shows_on_rep_and_team_pages(client, people):
    ae = people["ae"]
    url = f"/people/{ae.id}/edit/?quarter=FY24-Q3"
    refused = client.post(url, {"action": "override", "metric": "closed_won_acv", "value": "1"})
    assert refused.status_code == 400 and not TargetOverride.objects.exists()
    body = {
        "action": "override",
        "metric": "closed_won_acv",
        "value": "400000",
        "reason": "ramping from July",
    }
    assert client.post(url, body).status_code == 302
    override = TargetOverride.objects.get()
    assert override.set_by.username == "ada@pacer.example" and override.set_at
    rep = client.get(f"/people/{ae.id}/quarter/?quarter=FY24-Q3").content.decode()
    assert "target adjusted to 400000 by ada@pacer.example" in rep and "ramping from July" in rep
    team = client.get("/team/?quarter=FY24-Q3").content.decode()
    assert "adjusted: ramping from July (ada@pacer.example)" in team
    board = client.get("/leaderboard/?quarter=FY24-Q3").content.decode()
    assert "adjusted: ramping from July" in board
    export = client.get("/team/export.csv?quarter=FY24-Q3").content.decode()
    assert "closed_won_acv: target adjusted to 400000 by ada@pacer.example" in export


def test_an_annual_quota_one_at_a_time(client, people):
    ae = people["ae"]
    body = {"action": "quota", "fiscal_year": "2024", "amount": "480000"}
    assert client.post(f"/people/{ae.id}/edit/?quarter=FY24-Q3", body).status_code == 302
    assert AnnualQuota.objects.get(person=ae).amount == Decimal(480000)
    assert entries(AnnualQuota).get().action == LogEntry.Action.CREATE


def _upload(client, name):
    data = (DATA / name).read_bytes()
    return client.post("/people/quotas/upload/", {"file": SimpleUploadedFile(name, data)})


def test_a_quota_file_is_previewed_then_committed_whole(client, people):
    preview = _upload(client, "quotas_good.csv")
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert [(r.line, r.period, r.metric) for r in plan.rows] == [
        (2, "FY24", "quota"),
        (3, "FY24-Q3", "closed_won_acv"),
        (4, "FY24-Q3", "saos"),
    ]
    assert not AnnualQuota.objects.exists()
    carried = preview.context["carried"]
    confirmed = client.post(
        "/people/quotas/upload/",
        {"confirm": "1", "file_name": "quotas_good.csv", "carried": carried},
    )
    assert confirmed.status_code == 302
    assert AnnualQuota.objects.get(person=people["ae"]).amount == Decimal(480000)
    override = TargetOverride.objects.get(person=people["sdr"])
    assert (override.value, override.reason) == (Decimal(10), "part quarter")


def test_a_quota_file_with_bad_lines_is_refused_whole_naming_each_line(client, people):
    response = _upload(client, "quotas_bad_line.csv")
    assert response.status_code == 400
    text = response.content.decode()
    assert "quotas_bad_line.csv, line 3, column Person" in text
    assert "quotas_bad_line.csv, line 4, column Amount" in text
    assert "nothing was imported" in text
    assert "Import" not in text.split("nothing was imported")[1].split("<form")[0]
    assert not AnnualQuota.objects.exists() and not TargetOverride.objects.exists()


@pytest.mark.parametrize("role", ["ae", "sdr", "manager"])
@pytest.mark.parametrize(
    "url", ["/people/", "/people/new/", "/people/{id}/edit/", "/people/quotas/upload/"]
)
def test_non_admins_get_404(client, role, url):
    person = PersonFactory(role=role, sdr_segment="inbound" if role == "sdr" else "")
    login_person(client, person)
    url = url.format(id=person.id)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "deactivate"}).status_code == 404
    person.refresh_from_db()
    assert person.is_active
