"""Loading a quarter's OKRs from a seed fixture (seed 002's FY22-Q3 example), kept apart from
the OKR services: fixture data, not domain rules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from goals.calendar import FiscalQuarter

from .models import Department, DepartmentQuarter, KeyResult, Objective, ObjectiveKeyResult


@dataclass(frozen=True)
class SeedSummary:
    """What a seed load wrote: how many departments, objectives and key results."""

    departments: int
    objectives: int
    key_results: int


def load_okr_seed(data: dict) -> SeedSummary:
    """Load a quarter's OKRs from a seed fixture (``fixtures/okr_seed_fy22_q3.json``).

    Idempotent: texts, kinds and links follow the fixture; an owner, start, target or stretch
    an admin has set is kept."""
    quarter = FiscalQuarter.parse(data["quarter"])
    scope = {"fiscal_year": quarter.year, "quarter": quarter.number}
    with transaction.atomic():
        key_results = {row["code"]: _seed_key_result(scope, row) for row in data["key_results"]}
        objectives = 0
        for position, row in enumerate(data["departments"]):
            department, _ = Department.objects.update_or_create(
                name=row["name"], defaults={"position": position}
            )
            plan, _ = DepartmentQuarter.objects.update_or_create(
                department=department, **scope, defaults={"why": row["why"]}
            )
            for index, objective_row in enumerate(row["objectives"]):
                _seed_objective(plan, index, objective_row, key_results)
            plan.objectives.filter(position__gte=len(row["objectives"])).delete()
            objectives += len(row["objectives"])
    return SeedSummary(len(data["departments"]), objectives, len(key_results))


def _seed_key_result(scope: dict, row: dict) -> KeyResult:
    texts = {
        name: row[name] or ""
        for name in ("title", "kind", "link", "target_placeholder", "stretch_placeholder")
    }
    figures = {
        name: Decimal(row[name]) if row[name] is not None else None
        for name in ("start", "target", "stretch", "scale_max")
    }
    key_result, created = KeyResult.objects.get_or_create(
        code=row["code"], **scope, defaults=texts | figures
    )
    if not created:
        for name, value in texts.items():
            setattr(key_result, name, value)
        key_result.scale_max = figures["scale_max"]
        key_result.save()
    return key_result


def _seed_objective(plan, position: int, row: dict, key_results: dict) -> None:
    objective, _ = Objective.objects.update_or_create(
        plan=plan, position=position, defaults={"title": row["title"], "why": row["why"]}
    )
    codes = [link["code"] for link in row["key_results"]]
    for index, link in enumerate(row["key_results"]):
        ObjectiveKeyResult.objects.update_or_create(
            objective=objective,
            key_result=key_results[link["code"]],
            defaults={"wording": link["wording"], "position": index},
        )
    objective.links.exclude(key_result__code__in=codes).delete()
