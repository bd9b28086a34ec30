"""Redis unreachable: every page still answers, and queueing a recompute says so at once.

The broker points at a closed local port (nothing listens on 127.0.0.1:1) or at a socket that
accepts connections and never answers; the shared Redis is never stopped.
"""

import socket
from datetime import date

import pytest

from goals.models import RecomputeRun
from goals.recompute import BrokerUnavailable
from goals.tasks import enqueue_recompute
from tests.factories import PersonFactory, login_person

pytestmark = pytest.mark.django_db
CLOSED_PORT = "redis://127.0.0.1:1/0"


def point_broker_at(url, settings):
    from config.celery import app

    previous = {key: app.conf.get(key) for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return lambda: app.conf.update(**previous)


@pytest.fixture
def redis_down(settings, today):
    today(date(2023, 9, 15))
    restore = point_broker_at(CLOSED_PORT, settings)
    yield
    restore()


@pytest.fixture
def redis_silent(settings, today):
    today(date(2023, 9, 15))
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        restore = point_broker_at(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", settings)
        yield
        restore()


def test_pages_still_answer(redis_down, client):
    admin = PersonFactory(role="admin")
    ae = PersonFactory(role="ae")
    login_person(client, admin)
    for url in ("/", f"/people/{ae.id}/quarter/", "/digests/", "/team/", "/overview/"):
        assert client.get(url, follow=True).status_code == 200, url


def test_queueing_a_recompute_raises_a_clear_error(redis_down):
    with pytest.raises(BrokerUnavailable, match="task queue .* is unreachable"):
        enqueue_recompute()


def test_a_silent_broker_times_out_instead_of_hanging(redis_silent):
    with pytest.raises(BrokerUnavailable):
        enqueue_recompute()


def test_recompute_now_answers_with_the_message(redis_down, client):
    login_person(client, PersonFactory(role="admin"))
    response = client.post("/recompute/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The task queue (Redis) is unreachable, so the recompute was not queued." in page
    assert not RecomputeRun.objects.exists()
