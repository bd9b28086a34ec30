"""Set or remove one person's target for a quarter (a ramping rep, a part-quarter), always
with a reason (RULES.md). Each save is in the audit trail by django-auditlog."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .calendar import FiscalQuarter
from .models import Metric, Person, TargetOverride


class OverrideError(ValueError):
    """An override that cannot be saved, with a message for the admin."""


def check_override(*, person: Person, metric: Metric, value: Decimal, reason: str) -> None:
    """Refuse an override the rules do not allow, naming what to fix."""
    if metric.role != person.role:
        raise OverrideError(f"{metric.code} is not a metric of {person.name}'s role")
    if value < 0:
        raise OverrideError("a target cannot be negative")
    if not reason.strip():
        raise OverrideError("an override needs a reason (the person's page shows it)")


@transaction.atomic
def override_set(
    *,
    person: Person,
    quarter: FiscalQuarter,
    metric: Metric,
    value: Decimal,
    reason: str,
    user,
) -> TargetOverride:
    """Set ``person``'s own ``metric`` target for ``quarter``; it wins over the role's."""
    check_override(person=person, metric=metric, value=value, reason=reason)
    where = {"person": person, "fiscal_year": quarter.year, "quarter": quarter.number}
    override = TargetOverride.objects.select_for_update().filter(**where, metric=metric).first()
    if override is None:
        override = TargetOverride(**where, metric=metric)
    override.value, override.reason = value, reason.strip()
    override.set_by, override.set_at = user, timezone.now()
    override.save()
    return override


def override_remove(*, person: Person, quarter: FiscalQuarter, metric: str) -> bool:
    """Remove an override: the role's target applies again. False when there was none."""
    rows = TargetOverride.objects.filter(
        person=person, fiscal_year=quarter.year, quarter=quarter.number, metric_id=metric
    )
    found = False
    for row in rows:  # delete() one by one so the audit trail sees each row
        row.delete()
        found = True
    return found
