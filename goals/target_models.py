"""The record of each publication of a quarter's targets: who, when, and its effect."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TargetPublication(models.Model):
    """One publication of a quarter's role targets (RULES.md: drafts become targets only when
    an admin publishes them). ``changes``: [{"metric", "role", "sdr_segment", "before",
    "after"}]; ``flag_changes``: [{"person_id", "name", "flagged"}] as the engine saw them."""

    fiscal_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    effect = models.CharField(max_length=200)
    changes = models.JSONField(default=list, blank=True)
    flag_changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["fiscal_year", "quarter"])]

    def __str__(self) -> str:
        return (
            f"FY{self.fiscal_year % 100:02d}-Q{self.quarter} published {self.published_at:%Y-%m-%d}"
        )
