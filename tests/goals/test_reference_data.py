"""`migrate` alone loads RULES.md's reference data, exactly as RULES.md lists it."""

from decimal import Decimal

import pytest

from goals.models import Metric, Stage, Target

pytestmark = pytest.mark.django_db

# RULES.md, "FY24 targets" (AE, year to date at the end of each quarter).
AE_TABLE = {
    1: {"closed_won_acv": 50_000, "weighted_pipeline": 200_000, "new_logos_in_pipe": 8},
    2: {"closed_won_acv": 300_000, "weighted_pipeline": 750_000, "new_logos_in_pipe": 16},
    3: {
        "closed_won_acv": 650_000,
        "weighted_pipeline": 1_000_000,
        "new_logos_in_pipe": 24,
        "new_logos_closed": 6,
    },
}
SDR_TABLE = {"outbound": (12, 24), "inbound": (15, 20), "vc_bod": (15, 30)}


def test_stage_weights_follow_seed_000():
    weights = dict(Stage.objects.values_list("number", "weight"))
    assert weights == {
        1: Decimal("0"),
        2: Decimal("0.1"),
        3: Decimal("0.2"),
        4: Decimal("0.5"),
        5: Decimal("0.75"),
        6: Decimal("0.9"),
    }


def test_metric_catalogue_has_the_kinds_of_rules_md():
    kinds = dict(Metric.objects.values_list("code", "kind"))
    assert kinds == {
        "closed_won_acv": "ytd",
        "weighted_pipeline": "point",
        "new_logos_in_pipe": "ytd",
        "new_logos_closed": "ytd",
        "saos": "qtd",
        "new_business_meetings": "qtd",
        "rolling_attainment": "rolling",
    }


def test_ae_targets_are_the_fy24_table_and_q4_is_left_to_an_admin():
    stored = {
        (t.quarter, t.metric_id): t.value
        for t in Target.objects.filter(fiscal_year=2024, role="ae")
    }
    expected = {(q, code): Decimal(v) for q, row in AE_TABLE.items() for code, v in row.items()}
    assert stored == expected


def test_sdr_targets_are_the_same_every_quarter_per_segment():
    for quarter in (1, 2, 3, 4):
        for segment, (saos, meetings) in SDR_TABLE.items():
            stored = dict(
                Target.objects.filter(
                    fiscal_year=2024, quarter=quarter, role="sdr", sdr_segment=segment
                ).values_list("metric_id", "value")
            )
            assert stored == {
                "saos": saos,
                "new_business_meetings": meetings,
                "rolling_attainment": 100,
            }
