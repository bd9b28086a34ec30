"""A quarter's targets: the proposal from the database, drafts that count for nothing, and
publishing with its effect (goals.targets)."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals import targets
from goals.calendar import FiscalQuarter
from goals.models import Target, TargetPublication
from goals.selectors import quarter_results
from tests.factories import OpportunityFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

Q3, Q4 = FiscalQuarter(2024, 3), FiscalQuarter(2024, 4)


def entries(model, **filters):
    """The audit trail's entries (django-auditlog) about ``model``, oldest first."""
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=content_type, **filters).order_by("id")


def changed(entry) -> dict:
    """The fields an entry names, as (before, after)."""
    return {name: tuple(pair) for name, pair in entry.changes.items()}
AE_Q4 = {
    ("closed_won_acv", "ae", ""): Decimal(1_000_000),
    ("weighted_pipeline", "ae", ""): Decimal(1_000_000),
    ("new_logos_in_pipe", "ae", ""): Decimal(32),
    ("new_logos_closed", "ae", ""): Decimal(12),
}


def test_fy24_q4_has_no_ae_targets_and_shows_rules_md_proposal():
    # The reference data sets FY24-Q4's SDR targets (the same every quarter), not the AE's.
    page = targets.quarter_targets(Q4)
    assert page.proposed == set(AE_Q4)
    assert {key: page.cells[key] for key in AE_Q4} == AE_Q4
    assert page.cells[("saos", "sdr", "inbound")] == Decimal(15)
    assert page.cells[("new_business_meetings", "sdr", "vc_bod")] == Decimal(30)


def test_a_draft_gives_no_attainment(today):
    today(date(2023, 11, 15))
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("5000"), close_date=date(2023, 11, 1))
    targets.targets_save_draft(quarter=Q4, cells=AE_Q4)
    assert Target.objects.filter(fiscal_year=2024, quarter=4, published=False).count() == 4
    [result] = quarter_results([ae], Q4)
    assert all(figure.target is None and figure.attainment is None for figure in result.figures)


def test_publishing_makes_the_draft_count_and_records_who_and_effect(today):
    today(date(2023, 11, 15))
    ae = PersonFactory(role="ae")
    admin = UserFactory(username="ops")
    targets.targets_save_draft(quarter=Q4, cells=AE_Q4)
    publication = targets.targets_publish(quarter=Q4, user=admin)
    assert publication.published_by == admin
    # An AE with nothing is behind pace on all four once the targets count.
    assert publication.effect == "1 rep changes flag (1 flagged, 0 cleared)"
    assert publication.flag_changes == [{"person_id": ae.id, "name": ae.name, "flagged": True}]
    [result] = quarter_results([ae], Q4)
    assert result.figure("closed_won_acv").target == Decimal(1_000_000)
    assert targets.quarter_targets(Q4).state == "published"


def test_a_quarter_with_none_proposes_every_cell():
    page = targets.quarter_targets(FiscalQuarter(2025, 1))
    assert page.state == "none"
    assert page.cells[("closed_won_acv", "ae", "")] == Decimal(50_000)
    assert page.proposed == set(page.cells)


def test_a_change_to_a_published_target_waits_for_publishing():
    targets.targets_save_draft(quarter=Q3, cells={("closed_won_acv", "ae", ""): Decimal(700_000)})
    target = Target.objects.get(fiscal_year=2024, quarter=3, metric="closed_won_acv", role="ae")
    assert (target.value, target.draft_value) == (Decimal(650_000), Decimal(700_000))
    assert targets.quarter_targets(Q3).state == "changed"
    publication = targets.targets_publish(quarter=Q3, user=None)
    target.refresh_from_db()
    assert (target.value, target.draft_value) == (Decimal(700_000), None)
    assert publication.changes == [
        {
            "metric": "closed_won_acv",
            "role": "ae",
            "sdr_segment": "",
            "before": "650000.00",
            "after": "700000.00",
        }
    ]


def test_a_published_target_cannot_be_left_blank():
    with pytest.raises(targets.TargetError, match="published"):
        targets.targets_save_draft(quarter=Q3, cells={("closed_won_acv", "ae", ""): None})


def test_nothing_to_publish_is_refused():
    with pytest.raises(targets.TargetError, match="no draft"):
        targets.targets_publish(quarter=Q3, user=None)
    assert not TargetPublication.objects.exists()


def test_publishing_is_in_the_audit_trail_with_before_and_after():
    targets.targets_save_draft(quarter=Q3, cells={("saos", "sdr", "outbound"): Decimal(14)})
    targets.targets_publish(quarter=Q3, user=None)
    event = entries(Target, action=LogEntry.Action.UPDATE).filter(changes__has_key="value").last()
    assert [Decimal(v) for v in changed(event)["value"]] == [Decimal(12), Decimal(14)]
    assert entries(TargetPublication, action=LogEntry.Action.CREATE).count() == 1


def test_the_grid_loads_in_a_fixed_number_of_queries():
    with CaptureQueriesContext(connection) as empty:
        targets.quarter_targets(Q4)
    targets.targets_save_draft(quarter=Q4, cells=AE_Q4)
    targets.targets_publish(quarter=Q4, user=None)
    with CaptureQueriesContext(connection) as full:
        targets.quarter_targets(Q4)
    with CaptureQueriesContext(connection) as q3:
        targets.quarter_targets(Q3)
    assert len(full) == len(q3) <= len(empty)
