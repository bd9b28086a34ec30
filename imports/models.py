"""Imports of Salesforce exports: each run, the admin's column mappings and currency rates.

Tables keep the names they had in ``goals`` (moved without touching the data).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CurrencyRate(models.Model):
    """How many units of the company currency one unit of ``currency`` is worth (admin-kept)."""

    currency = models.CharField(max_length=3, unique=True)
    rate = models.DecimalField(max_digits=18, decimal_places=8)

    class Meta:
        db_table = "goals_currencyrate"
        ordering = ["currency"]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {settings.COMPANY_CURRENCY}"


class ImportPreference(models.Model):
    """An import setting that is not a column, stage or rate: ``date_format`` ("MDY"/"DMY"/"")
    and ``meeting_types`` (the Event/Task types imported as meetings; empty: every type)."""

    key = models.CharField(max_length=40, unique=True)
    value = models.JSONField(default=None, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.value!r}"


class ImportKind(models.TextChoices):
    PEOPLE = "people", "Team roster"
    OPPORTUNITIES = "opportunities", "Opportunities"
    MEETINGS = "meetings", "Meetings"


class ColumnMapping(models.Model):
    """An admin's choice of the file column that feeds one of our fields (overrides matching)."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    field = models.CharField(max_length=40)
    column = models.CharField(max_length=200)

    class Meta:
        db_table = "goals_columnmapping"
        constraints = [
            models.UniqueConstraint(fields=["kind", "field"], name="one_mapping_per_kind_field"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.field} ← {self.column}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    PREVIEWING = "previewing", "Previewing"
    PREVIEWED = "previewed", "Previewed"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Imported"
    REJECTED = "rejected", "Rejected (nothing changed)"
    FAILED = "failed", "Failed (nothing changed)"


class ImportRun(models.Model):
    """One upload of a Salesforce export: who, when, what, and what it changed."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    file_name = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64)
    data = models.BinaryField(null=True, blank=True)
    # Data Loader companions resolving OwnerId / AccountId: {"users": bytes-as-latin1, ...}
    companions = models.JSONField(default=dict, blank=True)
    date_format = models.CharField(max_length=3, blank=True)
    # How the file's dates were read and why ("M/D/Y: 02/23/2026 on line 14 …"): dates.py.
    date_reading = models.TextField(blank=True)
    skip_invalid = models.BooleanField(default=False)
    commit = models.BooleanField(default=False, help_text="False: a preview (dry run).")
    status = models.CharField(
        max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    message = models.TextField(blank=True)
    columns = models.JSONField(default=dict, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    rows_in_file = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_validated = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    missing_from_file = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    # What the preview could not place (stages, currencies, owners, SDRs): setup.py.
    unplaced = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Deal history (issue 15): the moment the export was taken, and where that came from.
    taken_at = models.DateTimeField(null=True, blank=True)
    taken_at_source = models.CharField(max_length=10, blank=True)
    complete = models.BooleanField(default=False, help_text="Deals not in the file are removed.")
    states_recorded = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    older_than_data = models.BooleanField(default=False)
    # Meetings with no Status column: the admin's answer that every meeting took place.
    all_held = models.BooleanField(default=False)
    # Issue 19: deliveries of this run's task that found it mid-work (its worker had died).
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "goals_importrun"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One import at a time: a second "running" row is refused by the database.
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="running"),
                name="one_running_import",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.status})"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def finished(self) -> bool:
        return self.status in (
            ImportStatus.PREVIEWED,
            ImportStatus.DONE,
            ImportStatus.REJECTED,
            ImportStatus.FAILED,
        )
