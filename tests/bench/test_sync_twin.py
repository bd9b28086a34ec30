"""The sync benchmark's CSV twin: the sync's own columns (owners by OwnerId) import cleanly with
the org's User file, so the comparison times the same records both ways."""

import pytest

from bench.sync import csv_step
from bench.synthetic import write_roster
from imports.services import import_file

pytestmark = pytest.mark.django_db


def test_the_csv_twin_places_every_owner_through_the_users_file(tmp_path):
    import_file("people", write_roster(tmp_path / "roster.csv"))
    found = csv_step(200)  # SystemExit on any row error
    assert found["created"] == 200
