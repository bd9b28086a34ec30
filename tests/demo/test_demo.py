"""The demo organisation: deterministic files, idempotent loading, a believable spread."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from demo import demo
from goals.calendar import FiscalQuarter
from goals.models import Meeting, Opportunity
from goals.selectors import quarter_results
from people.models import Person


def test_committed_demo_files_are_what_the_generator_writes(tmp_path):
    demo.write_demo_exports(tmp_path)
    fixtures = Path(settings.BASE_DIR) / "fixtures"
    for name in ("demo_people.csv", "demo_opportunities.csv", "demo_meetings.csv"):
        assert (tmp_path / name).read_bytes() == (fixtures / name).read_bytes(), name


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(today):
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    counts = (Person.objects.count(), Opportunity.objects.count(), Meeting.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Person.objects.count(), Opportunity.objects.count(), Meeting.objects.count()) == counts
    roles = [p.role for p in Person.objects.all()]
    assert roles.count("manager") >= 3 and roles.count("ae") >= 15 and roles.count("sdr") >= 9


@pytest.mark.django_db
def test_demo_has_reps_ahead_on_pace_and_flagged(today):
    today(demo.DEMO_TODAY)
    call_command("seed_demo", stdout=StringIO())
    results = quarter_results(Person.objects.filter(role="ae"), FiscalQuarter(2024, 3))
    assert results[0].as_of == date(2023, 9, 15)
    behind = [r for r in results if r.coaching("pace")]
    ahead = [r for r in results if r.misses_on_target == 0]
    on_pace = [r for r in results if r.misses_on_pace == 0]
    assert behind and ahead and on_pace
