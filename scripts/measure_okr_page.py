"""Measure the OKR page: queries and render time for the FY22-Q3 seed, and the nightly refresh.

Run against a migrated database you own (it loads the OKR seed and adds a superuser):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pacer_okrs \
        .venv/bin/python manage.py shell < scripts/measure_okr_page.py
"""

import time
from datetime import date
from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from okrs import okrs

settings.PACER_TODAY = date(2021, 9, 15)
call_command("load_okr_seed", stdout=StringIO())
user, _ = get_user_model().objects.get_or_create(
    username="okr-measure", defaults={"is_superuser": True, "is_staff": True}
)
client = Client()
client.force_login(user)
client.get("/okrs/FY22-Q3/")  # warm up templates
with CaptureQueriesContext(connection) as queries:
    started = time.perf_counter()
    response = client.get("/okrs/FY22-Q3/")
    elapsed = time.perf_counter() - started
print(f"OKR page: status {response.status_code}, {len(queries)} queries, {elapsed * 1000:.0f} ms")
started = time.perf_counter()
rows = okrs.refresh_linked_key_results(settings.PACER_TODAY)
print(f"refresh_linked_key_results: {rows} rows, {(time.perf_counter() - started) * 1000:.0f} ms")
