"""Each Salesforce sync: its import run, the watermark it reached and what it cost."""

from __future__ import annotations

from django.db import models


class SyncStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Synced"
    FAILED = "failed", "Failed (nothing changed)"


class Sync(models.Model):
    """One sync of the org's opportunities; the watermark of the last ``done`` one is where the
    next sync starts (a failed sync leaves it where it was)."""

    run = models.OneToOneField(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="sync"
    )
    status = models.CharField(max_length=8, choices=SyncStatus.choices)
    full = models.BooleanField(default=False, help_text="A first (full) read of the org.")
    # SystemModstamp of the newest record this sync read; None: nothing read yet.
    watermark = models.DateTimeField(null=True, blank=True)
    read = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    # The first sync: OpportunityHistory rows written as past states.
    past_states = models.PositiveIntegerField(default=0)
    # Event/Task records read, and the meetings they created or updated (issue 16).
    meetings_read = models.PositiveIntegerField(default=0)
    meetings_written = models.PositiveIntegerField(default=0)
    # Failed because Salesforce asked to wait (rate limit, 5xx): the task retries with backoff.
    retry_later = models.BooleanField(default=False)
    api_calls = models.PositiveIntegerField(default=0)
    # The org's "api-usage=used/limit" from the last Sforce-Limit-Info header.
    limit_info = models.CharField(max_length=100, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Salesforce sync {self.pk} ({self.status})"
