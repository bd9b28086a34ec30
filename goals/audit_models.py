"""The audit trail's model: who changed targets, overrides, stage weights or imported, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    IMPORT = "import", "Import"
    TARGET = "target", "Target"
    TARGET_OVERRIDE = "target_override", "Target override"
    STAGE_WEIGHT = "stage_weight", "Stage weight"


class AuditEvent(models.Model):
    """Who changed what, when (issue 8, promise 8): ``before``/``after`` hold the changed
    fields (``{}`` for a row created or deleted). Written by ``goals.audit`` whatever the
    path (page, API, Django admin, command); rating changes live in ``framework.Change``."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    verb = models.CharField(max_length=10)  # created, changed, deleted, committed, rejected …
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.verb} {self.object_repr}"
