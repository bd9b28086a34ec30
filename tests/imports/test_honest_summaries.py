"""Issue 14, honest summaries: imported + skipped + rejected = rows, how many errors a list
shows and the download holds, durations in words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from imports.models import ImportRun, ImportStatus
from imports.summary import duration_words, errors_shown, row_counts, summary_lines

from .conftest import load

ERROR = {"file": "f.csv", "line": 2, "column": "Stage", "value": "x", "reason": "bad"}


def _run(**values) -> ImportRun:
    return ImportRun(kind="opportunities", file_name="f.csv", **values)


def test_a_committed_import_with_skipped_rows_adds_up():
    run = _run(commit=True, status=ImportStatus.DONE, rows_in_file=9, skipped=2, created=7)
    assert row_counts(run) == (7, 2, 0)


def test_a_refused_commit_imported_nothing_and_rejected_every_row():
    run = _run(commit=True, status=ImportStatus.REJECTED, rows_in_file=9, skipped=2, created=7)
    assert row_counts(run) == (0, 0, 9)
    assert "= imported 0" in summary_lines(run)[1] and "rejected 9" in summary_lines(run)[1]


@pytest.mark.django_db
def test_a_refused_file_through_the_real_path_adds_up(team):
    run = load("unknown_stage.csv", commit=True)
    assert run.status == ImportStatus.REJECTED
    imported, skipped, rejected = row_counts(run)
    assert imported + skipped + rejected == run.rows_in_file == 1 and imported == 0


def test_the_list_says_how_many_it_shows_and_what_the_download_holds():
    run = _run(errors=[ERROR] * 3, error_count=3)
    assert errors_shown(run, 2) == "showing 2 of 3 errors; the download holds all 3"
    capped = _run(errors=[ERROR] * 3, error_count=12_000)
    assert "the download holds the first 3 (the file has more)" in errors_shown(capped, 3)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0.055715, "0.1 seconds"), (42, "42 seconds"), (125, "2 minutes 5 seconds"), (3600, "1 hour")],
)
def test_durations_are_in_words(seconds, words):
    start = timezone.now()
    run = _run(started_at=start, finished_at=start + timedelta(seconds=seconds))
    assert duration_words(run) == words


@pytest.mark.django_db
def test_the_roster_template_imports_as_it_is(client, tmp_path):
    from django.urls import reverse

    from imports.services import import_file
    from people.models import Person
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    assert reverse("roster_template") in client.get(reverse("imports")).content.decode()
    path = tmp_path / "roster.csv"
    path.write_bytes(client.get(reverse("roster_template")).content)
    run = import_file("people", path)
    assert (run.status, run.error_count, run.created) == (ImportStatus.DONE, 0, 3), run.errors
    sam = Person.objects.get(email="sam@example.com")
    assert (sam.role, sam.sdr_segment, sam.ramp_year, sam.manager.email) == (
        "sdr",
        "outbound",
        2024,
        "maria@example.com",
    )
