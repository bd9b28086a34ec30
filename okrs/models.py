"""Company OKRs: objectives and key results per fiscal quarter and department (issue 10).

A key result shared by several departments (seed 002: IARR, large enterprise logos, target
account SAOs …) is one ``KeyResult`` linked to each objective through ``ObjectiveKeyResult``,
which keeps the department's own wording of it. Tables keep the names they had in ``goals``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Department(models.Model):
    """The Company itself, or a team (Sales, Marketing …)."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "goals_department"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class DepartmentQuarter(models.Model):
    """A department's OKRs for one fiscal quarter, with the department's own "why"."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="quarters")
    fiscal_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    why = models.TextField(blank=True)

    class Meta:
        db_table = "goals_departmentquarter"
        ordering = ["fiscal_year", "quarter", "department__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "quarter"],
                name="one_okr_plan_per_department_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} FY{self.fiscal_year % 100:02d}-Q{self.quarter}"


class Objective(models.Model):
    """An objective of one department in one quarter, with its "why"."""

    plan = models.ForeignKey(DepartmentQuarter, on_delete=models.CASCADE, related_name="objectives")
    title = models.TextField()
    why = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    key_results = models.ManyToManyField(
        "KeyResult", through="ObjectiveKeyResult", related_name="objectives"
    )

    class Meta:
        db_table = "goals_objective"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.title[:80]


class KeyResultKind(models.TextChoices):
    NUMERIC = "numeric", "Numeric (start, target, stretch)"
    SCORE = "score", "Percentage or score"
    MILESTONE = "milestone", "Milestone (done / not done)"


class KeyResultLink(models.TextChoices):
    """Key results whose value Pacer computes from the sales data (``okrs.rules``)."""

    NONE = "", "Not linked (check-ins)"
    TARGET_ACCOUNT_SAOS = "target_account_saos", "New business SAOs among target accounts"
    LARGE_ENTERPRISE_STAGE_4 = (
        "large_enterprise_stage_4",
        "Large enterprise opportunities at Stage 4+ closing this fiscal year",
    )
    LARGE_ENTERPRISE_LOGOS = "large_enterprise_logos", "Large enterprise logos landed"


class KeyResult(models.Model):
    """A key result, modelled once however many objectives share it."""

    fiscal_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    # A stable name within the quarter, so loading a seed twice finds the same row.
    code = models.SlugField(max_length=60)
    title = models.TextField()
    kind = models.CharField(max_length=10, choices=KeyResultKind.choices)
    link = models.CharField(max_length=30, choices=KeyResultLink.choices, blank=True)
    owner = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    stretch = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    # The top of a score's scale (5 for a 1-5 survey, 100 for a percentage).
    scale_max = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    # seed 002 hides its figures as N0…N14: the placeholder stays until an admin sets a value.
    target_placeholder = models.CharField(max_length=10, blank=True)
    stretch_placeholder = models.CharField(max_length=10, blank=True)

    class Meta:
        db_table = "goals_keyresult"
        ordering = ["fiscal_year", "quarter", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "quarter", "code"], name="one_key_result_code_per_quarter"
            ),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class ObjectiveKeyResult(models.Model):
    """A key result under one objective, in the words that department wrote it."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="links")
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="links")
    wording = models.TextField(blank=True, help_text="Blank: the key result's own title.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "goals_objectivekeyresult"
        ordering = ["objective", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "key_result"], name="key_result_once_per_objective"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} → {self.key_result}"


class CheckIn(models.Model):
    """Progress reported on a key result: value (or done), confidence, comment, who, when."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    done = models.BooleanField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(help_text="0 (no chance) to 10 (certain).")
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "goals_checkin"
        ordering = ["key_result", "date", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__lte=10), name="check_in_confidence_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_result} {self.date}"


class TargetAccount(models.Model):
    """An account on the target-account list an admin uploads (CSV), with its size."""

    name = models.CharField(max_length=255)
    # Matched ignoring case and surrounding spaces; one account = one logo (RULES.md).
    key = models.CharField(max_length=255, unique=True)
    employee_count = models.PositiveIntegerField(null=True, blank=True)
    is_target = models.BooleanField(default=True)

    class Meta:
        db_table = "goals_targetaccount"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class KeyResultSnapshot(models.Model):
    """A linked key result's value on one day, written by the nightly recompute."""

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=4)

    class Meta:
        db_table = "goals_keyresultsnapshot"
        constraints = [
            models.UniqueConstraint(
                fields=["key_result", "date"], name="one_snapshot_per_key_result_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_result} {self.date}"
