"""Set a person's annual quota (RULES.md: set per person per fiscal year). Each save is in the
audit trail by django-auditlog (AUDITLOG_INCLUDE_TRACKING_MODELS)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from people.models import Person

from .models import AnnualQuota


class QuotaError(ValueError):
    """A quota that cannot be saved, with a message for the admin."""


@transaction.atomic
def quota_set(*, person: Person, fiscal_year: int, amount: Decimal) -> AnnualQuota:
    """Set ``person``'s quota for ``fiscal_year`` (2024 for FY24) to ``amount`` (> 0)."""
    if amount <= 0:
        raise QuotaError("an annual quota is more than 0")
    quota = AnnualQuota.objects.filter(person=person, fiscal_year=fiscal_year).first()
    if quota is None:
        return AnnualQuota.objects.create(person=person, fiscal_year=fiscal_year, amount=amount)
    if quota.amount != amount:
        quota.amount = amount
        quota.save()
    return quota
