"""Issue 20: the nightly recompute split by team (``goals.recompute_split``), in-process: the
parts' rows, through JSON as a chord carries them, write the single task's snapshots; data that
changed while the parts were computed makes the callback recompute the day in one task.
(The same through real workers: ``test_recompute_split_worker.py``.)"""

import json
from datetime import date
from decimal import Decimal

import pytest

from goals.models import CoachingStatus, RecomputeRun, Snapshot
from goals.recompute import recompute_day
from goals.recompute_split import (
    REDONE,
    compute_part,
    data_mark,
    split_parts,
    start_split_run,
    team_parts,
    write_parts,
)
from tests.factories import MeetingFactory, OpportunityFactory, PersonFactory

TODAY = date(2023, 9, 15)


def build_org(teams: int = 3) -> list:
    """``teams`` managers, each with 3 AEs (won and open deals) and an SDR (a SAO, a meeting)."""
    managers = []
    for team in range(teams):
        manager = PersonFactory(role="manager")
        managers.append(manager)
        for index in range(3):
            ae = PersonFactory(role="ae", manager=manager)
            amount = Decimal(1000 * (team + 1) + 7 * index) + Decimal("0.33")
            OpportunityFactory(owner=ae, stage="won", amount=amount, close_date=date(2023, 8, 9))
            OpportunityFactory(owner=ae, stage=str(2 + index), amount=Decimal("4000.10"))
        sdr = PersonFactory(role="sdr", sdr_segment="inbound", manager=manager)
        OpportunityFactory(owner=None, sourced_by=sdr, sao_date=date(2023, 8, 20 + team))
        MeetingFactory(sdr=sdr, date=date(2023, 8, 10))
    return managers


def snapshot_rows() -> list[tuple]:
    return list(
        Snapshot.objects.order_by("id").values_list(
            "person_id", "metric_id", "date", "value", "target", "pace", "attainment"
        )
    )


def coaching_rows() -> list[tuple]:
    return list(
        CoachingStatus.objects.order_by("person_id").values_list(
            "person_id", "date", "on_target", "on_pace"
        )
    )


def through_json(parts: list[dict]) -> list[dict]:
    return json.loads(json.dumps(parts))


def test_parts_hold_whole_teams_packed_up_to_the_size():
    people = [(1, 10), (2, 10), (3, 20), (4, 20), (5, 20), (6, 30), (7, None), (8, 10)]
    assert team_parts(people, 4) == [[7, 1, 2, 8], [3, 4, 5, 6]]
    assert team_parts(people, 2) == [[7], [1, 2, 8], [3, 4, 5], [6]]  # a larger team alone
    assert team_parts([], 4) == []


@pytest.mark.django_db
def test_a_small_org_keeps_the_single_task(settings):
    build_org(2)
    settings.RECOMPUTE_SPLIT_PEOPLE = 9
    assert split_parts() is None
    settings.RECOMPUTE_SPLIT_PEOPLE, settings.RECOMPUTE_PART_PEOPLE = 8, 4
    assert [len(part) for part in split_parts()] == [4, 4]


@pytest.mark.django_db
def test_the_split_writes_the_single_tasks_rows(today, settings):
    today(TODAY)
    build_org()
    settings.RECOMPUTE_SPLIT_PEOPLE, settings.RECOMPUTE_PART_PEOPLE = 1, 4
    recompute_day(TODAY)
    single, single_coaching = snapshot_rows(), coaching_rows()
    assert len(single) == 3 * (3 * 4 + 3)

    mark, parts = data_mark(), split_parts()
    run = start_split_run(TODAY, len(parts))
    computed = through_json([compute_part(TODAY, ids) for ids in parts])
    assert isinstance(computed[0]["snapshots"][0][2], str)  # decimals travel as strings
    Snapshot.objects.all().delete()
    result = write_parts(run.id, TODAY, mark, computed)

    assert snapshot_rows() == single and coaching_rows() == single_coaching
    assert (result.people, result.rows) == (12, len(single))
    run.refresh_from_db()
    assert (run.status, run.parts, run.note) == ("succeeded", 3, "")


@pytest.mark.django_db
def test_data_changed_while_computing_redoes_the_day_in_one_task(today, settings):
    today(TODAY)
    managers = build_org()
    settings.RECOMPUTE_SPLIT_PEOPLE, settings.RECOMPUTE_PART_PEOPLE = 1, 4
    mark, parts = data_mark(), split_parts()
    run = start_split_run(TODAY, len(parts))
    computed = through_json([compute_part(TODAY, ids) for ids in parts])
    # An import commits between the parts: a new won deal for the first team's first AE.
    ae = managers[0].reports.filter(role="ae").order_by("id").first()
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("99"), close_date=date(2023, 9, 1))
    assert data_mark() != mark

    write_parts(run.id, TODAY, mark, computed)
    run.refresh_from_db()
    assert (run.status, run.note) == ("succeeded", REDONE)
    won = Snapshot.objects.get(person=ae, metric_id="closed_won_acv", date=TODAY).value
    assert won == Decimal("1099.3300")  # the new deal counted: the stale parts were not written
    after_redo = snapshot_rows()
    recompute_day(TODAY)
    assert snapshot_rows() == after_redo


@pytest.mark.django_db
def test_a_run_that_failed_writes_nothing(today, settings):
    from goals.recompute import fail_run

    today(TODAY)
    build_org(1)
    recompute_day(TODAY)
    before = snapshot_rows()
    run = start_split_run(TODAY, 2)
    fail_run(run.id, "a team task failed, nothing written: ValueError: boom")
    run.refresh_from_db()
    assert run.status == RecomputeRun.Status.FAILED and "boom" in run.error
    assert snapshot_rows() == before
