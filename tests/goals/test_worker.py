"""A real Celery worker consumes Pacer's tasks through Redis."""

import pytest

from goals.tasks import ping

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.postgres]


def test_a_real_worker_runs_a_task_through_redis(celery_worker):
    result = ping.delay()
    assert result.id
    # No result backend: the worker's log shows the task succeeded.
    from tests.celery_worker import wait_for

    wait_for(lambda: "succeeded" in celery_worker.log(), 30, "the task to run", celery_worker)
    assert "goals.tasks.ping" in celery_worker.log()
