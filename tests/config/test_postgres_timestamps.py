"""Timestamps read from PostgreSQL through the compiled loader (``config.postgres``): the same
values as Django's own loader gives, on every cursor Django opens."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

from config.postgres import TIMESTAMPTZ_OID

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MOMENTS = [
    datetime(2023, 9, 15, 6, 0, tzinfo=UTC),
    datetime(2023, 3, 26, 1, 30, 0, 123456, tzinfo=UTC),
    datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2024, 2, 29, 12, 0, tzinfo=timezone(timedelta(hours=-7))),  # stored as UTC
]
QUERY = "SELECT unnest(%s::timestamptz[])"


def read(cursor) -> list[datetime]:
    cursor.execute(QUERY, [MOMENTS])
    return [row[0] for row in cursor.fetchall()]


def test_timestamps_read_as_djangos_loader_reads_them():
    with connection.cursor() as cursor:
        ours = read(cursor)
        register_tzloader(connection.timezone, cursor.cursor)  # Django's, on this cursor only
        djangos = read(cursor)
    assert ours == djangos == MOMENTS
    assert [m.tzinfo for m in ours] == [m.tzinfo for m in djangos] == [UTC] * len(MOMENTS)


def test_every_cursor_and_the_orm_use_the_compiled_loader():
    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert loader.__module__ == "config.postgres"
    moment = datetime(2031, 7, 4, 9, 15, 30, 250000, tzinfo=UTC)
    Session.objects.create(session_key="k" * 32, session_data="", expire_date=moment)
    assert Session.objects.get(session_key="k" * 32).expire_date == moment
