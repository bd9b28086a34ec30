"""/stage-weights/: admins set each open stage's weight, 0-100 %; audited."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from goals.models import Stage
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db
SEED = {"stage-1": "0", "stage-2": "10", "stage-3": "20", "stage-4": "50", "stage-5": "75"}
SEED |= {"stage-6": "90"}


@pytest.fixture
def admin_client(client):
    login_person(client, PersonFactory(role="admin"))
    return client


def test_the_page_shows_seed_000_weights_as_percentages(admin_client):
    text = admin_client.get("/stage-weights/").content.decode()
    assert 'name="stage-4" type="number" min="0" max="100" step="0.01" value="50"' in text


def test_a_weight_change_is_saved_and_audited(admin_client):
    response = admin_client.post("/stage-weights/", SEED | {"stage-3": "25"})
    assert response.status_code == 302
    assert Stage.objects.get(number=3).weight == Decimal("0.25")
    content_type = ContentType.objects.get_for_model(Stage)
    event = LogEntry.objects.get(content_type=content_type, action=LogEntry.Action.UPDATE)
    assert [Decimal(v) for v in event.changes["weight"]] == [Decimal("0.2"), Decimal("0.25")]


def test_a_weight_over_100_is_refused_and_nothing_changes(admin_client):
    response = admin_client.post("/stage-weights/", SEED | {"stage-3": "120", "stage-4": "60"})
    assert response.status_code == 400
    assert "Stage 3: a weight is from 0 to 100 %" in response.content.decode()
    assert Stage.objects.get(number=4).weight == Decimal("0.5")


@pytest.mark.parametrize("role", ["ae", "manager"])
def test_non_admins_get_404(client, role):
    login_person(client, PersonFactory(role=role))
    assert client.get("/stage-weights/").status_code == 404
    assert client.post("/stage-weights/", SEED | {"stage-3": "99"}).status_code == 404
    assert Stage.objects.get(number=3).weight == Decimal("0.2")
