"""Issue 15: every committed import records the deal states that changed, at the export's
moment, in the import's transaction; the latest observed state stays the current one."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from goals.history_models import OpportunityState
from goals.models import Opportunity
from imports.service import import_file
from tests.factories import PersonFactory

from .exports import Deal, write_export

pytestmark = pytest.mark.django_db
ZONE = "America/New_York"
W1, W2, W3 = (datetime(2023, 9, d, 6, 0, tzinfo=ZoneInfo(ZONE)) for d in (1, 8, 15))
ID1, ID2 = "0065b0000000001AAA", "0065b0000000002AAA"


@pytest.fixture(autouse=True)
def zone(settings):
    settings.TIME_ZONE = ZONE


@pytest.fixture
def ann(db):
    return PersonFactory(name="Ann Archer", email="ann@example.com")


def deal(external_id=ID1, stage="3", amount="1000", close=date(2023, 10, 1), owner="Ann Archer"):
    return Deal(external_id, owner, stage, Decimal(amount), close)


def load(tmp_path, name, deals, generated=None, **options):
    return import_file("opportunities", write_export(tmp_path / name, deals, generated), **options)


def states(external_id=ID1):
    return list(
        OpportunityState.objects.filter(external_id=external_id)
        .order_by("observed_at", "id")
        .values_list("observed_at", "stage", "amount")
    )


def test_footer_moment_is_the_observed_moment(tmp_path, ann):
    run = load(tmp_path, "w1.csv", [deal()], W1)
    assert (run.taken_at, run.taken_at_source) == (W1, "footer")
    assert states() == [(W1, "3", Decimal("1000.00"))]


def test_unchanged_reimport_adds_no_rows(tmp_path, ann):
    load(tmp_path, "w1.csv", [deal()], W1)
    load(tmp_path, "w1.csv", [deal()], W1)
    run = load(tmp_path, "w2.csv", [deal()], W2)
    assert run.states_recorded == 0
    assert OpportunityState.objects.count() == 1


def test_changed_deal_adds_one_state(tmp_path, ann):
    load(tmp_path, "w1.csv", [deal(), deal(ID2)], W1)
    run = load(tmp_path, "w2.csv", [deal(amount="1500"), deal(ID2)], W2)
    assert run.states_recorded == 1
    assert states() == [(W1, "3", Decimal("1000.00")), (W2, "3", Decimal("1500.00"))]
    assert states()[1][0] == run.taken_at


def test_deal_back_to_an_earlier_value_adds_a_state(tmp_path, ann):
    # Compared with the deal's latest state, not with any of its states.
    load(tmp_path, "w1.csv", [deal()], W1)
    load(tmp_path, "w2.csv", [deal(amount="1500")], W2)
    run = load(tmp_path, "w3.csv", [deal()], W3)
    assert run.states_recorded == 1
    assert [amount for _, _, amount in states()] == [Decimal(v) for v in ("1000", "1500", "1000")]


def test_older_export_records_history_and_keeps_current_figures(tmp_path, ann):
    load(tmp_path, "w2.csv", [deal(stage="5", amount="2000")], W2)
    run = load(tmp_path, "w1.csv", [deal(stage="3", amount="1000")], W1)
    assert run.older_than_data
    current = Opportunity.objects.get(external_id=ID1)
    assert (current.stage, current.amount) == ("5", Decimal("2000.00"))
    assert states() == [(W1, "3", Decimal("1000.00")), (W2, "5", Decimal("2000.00"))]
    out = StringIO()
    path = write_export(tmp_path / "w0.csv", [deal(stage="2")], W1.replace(day=2))
    call_command("import_opportunities", str(path), stdout=out)
    assert (
        "taken 2023-09-02 06:00, older than the data you have: recorded as history, "
        "current figures unchanged"
    ) in out.getvalue()


def test_taken_at_option_wins_over_the_footer(tmp_path, ann):
    path = write_export(tmp_path / "w.csv", [deal()], W1)
    out = StringIO()
    call_command("import_opportunities", str(path), "--taken-at", "2023-09-08 06:00", stdout=out)
    assert states() == [(W2, "3", Decimal("1000.00"))]
    assert "taken at 2023-09-08 06:00 (from stated by the admin)" in out.getvalue()


def test_without_footer_or_option_the_commit_time(tmp_path, ann):
    run = load(tmp_path, "w.csv", [deal()])
    assert run.taken_at_source == "commit"
    assert states()[0][0] == run.taken_at


def test_complete_import_removes_absent_deals_from_its_moment(tmp_path, ann):
    load(tmp_path, "w1.csv", [deal(), deal(ID2)], W1)
    preview = load(tmp_path, "w2.csv", [deal()], W2, complete=True, commit=False)
    assert preview.removed == 1 and Opportunity.objects.filter(external_id=ID2).exists()
    run = load(tmp_path, "w2.csv", [deal()], W2, complete=True)
    assert run.removed == 1
    assert [s[1] for s in states(ID2)] == ["3", "removed"]
    assert not Opportunity.objects.filter(external_id=ID2).exists()
    # an older export holding it again is history only: the deal stays removed
    load(tmp_path, "w1b.csv", [deal(), deal(ID2, amount="900")], W1.replace(hour=7))
    assert not Opportunity.objects.filter(external_id=ID2).exists()


def test_without_complete_absent_deals_keep_their_state(tmp_path, ann):
    load(tmp_path, "w1.csv", [deal(), deal(ID2)], W1)
    load(tmp_path, "w2.csv", [deal()], W2)
    assert [s[1] for s in states(ID2)] == ["3"]
    assert Opportunity.objects.filter(external_id=ID2).exists()


def test_rejected_import_records_nothing(tmp_path, ann):
    load(tmp_path, "w.csv", [deal(), deal(ID2, owner="Nobody Known")], W1)
    assert OpportunityState.objects.count() == 0
