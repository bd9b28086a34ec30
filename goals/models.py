"""Pacer's sales domain: stages, metrics, targets, opportunities, meetings, snapshots."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from people.models import Person, Role, SdrSegment


class Stage(models.Model):
    """An open pipeline stage (1-6) and its weight; seed 000."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=60)
    weight = models.DecimalField(max_digits=5, decimal_places=4)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        # Decimal(): a row saved with raw values (fixture strings) must still describe itself.
        return f"Stage {self.number} ({Decimal(self.weight):.0%})"


# The engine's stages (RULES.md: 1-6, won, lost); StageValue below spells the same set.
STAGE_CHOICES = [(str(n), f"Stage {n}") for n in range(1, 7)] + [
    ("won", "Closed Won"),
    ("lost", "Closed Lost"),
]
STAGE_VALUES = [value for value, _label in STAGE_CHOICES]


class StageAlias(models.Model):
    """A Salesforce stage name an admin maps to a stage, won or lost."""

    name = models.CharField(max_length=120, unique=True, help_text="Matched ignoring case.")
    # A choice of the engine's stages, never free text (issue 14: "7" and "Won" were accepted).
    stage = models.CharField(max_length=4, choices=STAGE_CHOICES)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "stage aliases"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__in=STAGE_VALUES), name="stage_alias_is_a_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.stage}"


class MetricKind(models.TextChoices):
    YEAR_TO_DATE = "ytd", "Year to date"
    QUARTER_TO_DATE = "qtd", "Quarter to date"
    POINT_IN_TIME = "point", "Point in time"
    ROLLING = "rolling", "Rolling"


class MetricUnit(models.TextChoices):
    CURRENCY = "currency", "Currency"
    COUNT = "count", "Count"
    PERCENT = "percent", "Percent"


class Metric(models.Model):
    """An entry of the metric catalogue (RULES.md)."""

    code = models.CharField(max_length=40, primary_key=True)
    label = models.CharField(max_length=80)
    unit = models.CharField(max_length=10, choices=MetricUnit.choices)
    kind = models.CharField(max_length=10, choices=MetricKind.choices)
    role = models.CharField(max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position"]

    def __str__(self) -> str:
        return self.label


class Target(models.Model):
    """A metric's target for a role (and SDR segment) in one fiscal quarter."""

    fiscal_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE)
    role = models.CharField(max_length=10, choices=Role.choices)
    sdr_segment = models.CharField(max_length=10, choices=SdrSegment.choices, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    # RULES.md: until published a quarter's targets are a draft only admins see, and figures
    # have no targets. A row made outside the targets page is published, as before drafts.
    published = models.BooleanField(default=True)
    # A draft change to a published target, waiting for the quarter to be published again.
    draft_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["fiscal_year", "quarter", "role", "sdr_segment", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "quarter", "metric", "role", "sdr_segment"],
                name="one_target_per_role_segment_quarter",
            ),
        ]

    def __str__(self) -> str:
        segment = f"/{self.sdr_segment}" if self.sdr_segment else ""
        return (
            f"FY{self.fiscal_year % 100:02d}-Q{self.quarter} {self.role}{segment} {self.metric_id}"
        )


class TargetOverride(models.Model):
    """A single person's target for one quarter (a ramping rep, a part-quarter)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="target_overrides")
    fiscal_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.CharField(max_length=200, blank=True)
    # Who set it and when: the rep page, team page, leaderboard and exports show it (issue 18).
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "fiscal_year", "quarter", "metric"],
                name="one_override_per_person_quarter_metric",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} FY{self.fiscal_year % 100:02d}-Q{self.quarter} {self.metric_id}"


class OpportunityType(models.TextChoices):
    NEW_BUSINESS = "new_business", "New business"
    EXPANSION = "expansion", "Expansion"


class StageValue(models.TextChoices):
    S1 = "1", "Stage 1"
    S2 = "2", "Stage 2"
    S3 = "3", "Stage 3"
    S4 = "4", "Stage 4"
    S5 = "5", "Stage 5"
    S6 = "6", "Stage 6"
    WON = "won", "Closed Won"
    LOST = "lost", "Closed Lost"


OPEN_STAGES = ("1", "2", "3", "4", "5", "6")


class Opportunity(models.Model):
    """A Salesforce opportunity, normalised (RULES.md)."""

    # Unique by the constraint below: unique=True would add a second, LIKE-only index on
    # PostgreSQL, which every imported row pays for and no query uses.
    external_id = models.CharField(max_length=18)
    name = models.CharField(max_length=255, blank=True)
    # Indexed by the (owner, stage) and (sourced_by, sao_date) indexes below, which also serve
    # the lookups by owner or SDR alone; their own indexes only slowed imports down.
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
        db_index=False,
    )
    # The owner as the export wrote it, kept so an unmatched owner can be fixed later.
    owner_name = models.CharField(max_length=200, blank=True)
    account = models.CharField(max_length=255)
    type = models.CharField(max_length=12, choices=OpportunityType.choices)
    stage = models.CharField(max_length=4, choices=StageValue.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    close_date = models.DateField()
    created_date = models.DateField(null=True, blank=True)
    sao_date = models.DateField(null=True, blank=True)
    sourced_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sourced",
        db_index=False,
    )
    sourced_by_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "opportunities"
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="opportunity_external_id_unique"),
            # Whatever a mapping table holds, no opportunity can hold a stage the engine lacks.
            models.CheckConstraint(
                condition=models.Q(stage__in=STAGE_VALUES), name="opportunity_stage_is_a_stage"
            ),
        ]
        indexes = [
            # Covers everything the team page's AE figures read (selectors.ae_totals_in_database),
            # so PostgreSQL answers them by an index-only scan; SQLite ignores INCLUDE.
            models.Index(
                fields=["owner", "stage"],
                include=["close_date", "amount", "type", "sao_date", "account"],
                name="opportunity_owner_figures",
            ),
            models.Index(fields=["sourced_by", "sao_date"]),
        ]

    def __str__(self) -> str:
        return self.name or self.external_id


class PersonAlias(models.Model):
    """How an export names a person Pacer knows otherwise (an owner or SDR matched on an
    import's preview): the text, matched ignoring case, and the person."""

    name = models.CharField(max_length=200, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.person}"


class Meeting(models.Model):
    """A meeting an SDR set up, from a Salesforce activities export."""

    external_id = models.CharField(max_length=18, unique=True)
    sdr = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    sdr_name = models.CharField(max_length=200, blank=True)
    date = models.DateField()
    type = models.CharField(max_length=80)
    status = models.CharField(max_length=40, blank=True)
    # RULES.md: meetings that did not take place ("No Show", "Cancelled" …) never count.
    took_place = models.BooleanField(default=True)
    account = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["sdr", "date"])]

    def __str__(self) -> str:
        return f"{self.type} {self.date}"


class Snapshot(models.Model):
    """One person's figure for one metric on one day, written by the nightly recompute."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="snapshots")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE)
    date = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True)
    target = models.DecimalField(max_digits=16, decimal_places=4, null=True)
    pace = models.DecimalField(max_digits=16, decimal_places=4, null=True)
    attainment = models.DecimalField(max_digits=10, decimal_places=2, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "metric", "date"], name="one_snapshot_per_person_metric_day"
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.person} {self.metric_id} {self.date}"


class RecomputeRun(models.Model):
    """One run of the recompute (a day or a backfill range), for the freshness line and audit."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        # A run whose process died (the lock showed nobody was running it any more).
        ABANDONED = "abandoned", "Abandoned"

    first_day = models.DateField()
    last_day = models.DateField()
    trigger = models.CharField(max_length=20, default="manual")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    people = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # A nightly run split by team (``goals.recompute_split``): how many team tasks; 0 = one task.
    parts = models.PositiveIntegerField(default=0)
    # What the run did that a reader should know (a split redone in one task, say).
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["status", "finished_at"])]

    def __str__(self) -> str:
        return f"recompute {self.first_day}…{self.last_day} {self.status}"


class CoachingStatus(models.Model):
    """What the engine said about a person's coaching flag on a snapshot day, on both bases,
    so the next night can tell whether it turned on or off."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_days")
    date = models.DateField()
    on_target = models.BooleanField()
    on_pace = models.BooleanField()

    class Meta:
        verbose_name_plural = "coaching statuses"
        constraints = [
            models.UniqueConstraint(fields=["person", "date"], name="one_coaching_status_per_day"),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.person} {self.date}"

    def flag(self, basis: str) -> bool:
        return self.on_pace if basis == "pace" else self.on_target


class CoachingDigest(models.Model):
    """A manager's daily list of coaching flags that turned on or off, kept so nothing depends
    on mail delivery. ``changes``: [{"person_id", "name", "email", "flagged"}]."""

    manager = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_digests")
    date = models.DateField()
    basis = models.CharField(max_length=10)
    changes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["manager", "date"], name="one_digest_per_manager_day"),
        ]

    def __str__(self) -> str:
        return f"digest for {self.manager} {self.date}"


class MovementDigest(models.Model):
    """A manager's weekly movement digest as sent after a nightly run, so a rerun of the night
    sends nothing twice: each channel is stamped once it went (``week_end``: the week's last
    day)."""

    manager = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="movement_digests")
    week_end = models.DateField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    slack_posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["manager", "week_end"], name="one_movement_digest_per_manager_week"
            ),
        ]

    def __str__(self) -> str:
        return f"movement digest for {self.manager} to {self.week_end}"


# Deal history (issue 15) lives in its own module; imported here so Django finds the model.
from .history_models import OpportunityState  # noqa: E402, F401
from .target_models import TargetPublication  # noqa: E402, F401
