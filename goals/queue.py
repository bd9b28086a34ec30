"""Putting a task on the Celery queue from a web request: one attempt, short timeouts, so a dead
or silent broker is reported within seconds instead of hanging the request."""

from __future__ import annotations

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


class QueueUnreachable(Exception):
    """The task queue (Redis) cannot be reached, so nothing was queued."""


def publish(task, *, args: tuple = (), kwargs: dict | None = None) -> str:
    """Queue ``task`` and return its id; ``QueueUnreachable`` within
    ``CELERY_BROKER_CONNECTION_TIMEOUT`` seconds when the broker cannot be reached."""
    from celery.exceptions import CeleryError
    from kombu.exceptions import KombuError, OperationalError

    from config.celery import app

    try:
        # A fresh connection, one attempt with short timeouts, and no publish retries.
        timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
        short = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
        with app.connection_for_write(transport_options=short) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            result = task.apply_async(args, kwargs or {}, connection=conn, retry=False)
    except (OperationalError, KombuError, CeleryError, OSError) as error:
        logger.warning("%s not queued: broker unreachable: %s", task.name, error)
        raise QueueUnreachable(str(error)) from error
    return result.id
