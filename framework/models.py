"""Career framework ratings and competency assessments (seed 001 and 004)."""

from __future__ import annotations

from django.db import models

from goals.calendar import FiscalQuarter, FiscalYear
from people.models import Level, Person


class Dimension(models.TextChoices):
    """The two dimensions a rating assesses against the person's level (seed 001)."""

    ROLE_SCOPE = "role_scope", "Role Scope/Execution"
    TEAM_IMPACT = "team_impact", "Team/Cross-Functional Impact"


class Assessment(models.TextChoices):
    BELOW = "below", "Below expectations"
    MEETING = "meeting", "Meeting expectations"
    EXCEEDING = "exceeding", "Exceeding expectations"


class State(models.TextChoices):
    """Draft → submitted → published; a rep sees their own only once published."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    PUBLISHED = "published", "Published"


class LevelExpectation(models.Model):
    """What one level (L1-L6) expects on one dimension, word for word from seed 001."""

    level = models.CharField(max_length=2, choices=Level.choices)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    meeting = models.TextField(help_text="Meeting Expectations")
    exceeding = models.TextField(help_text="Exceeding Expectations")

    class Meta:
        ordering = ["level", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["level", "dimension"], name="one_text_per_level_dim")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.get_dimension_display()}"


class QuotaBand(models.Model):
    """A score (1-5) of seed 001's eligibility table, as the seed words it."""

    score = models.PositiveSmallIntegerField(primary_key=True)
    label = models.CharField(max_length=80)
    quota_text = models.CharField(max_length=20, help_text="The seed's quota wording")

    class Meta:
        ordering = ["score"]

    def __str__(self) -> str:
        return f"{self.score} - {self.label}"


class AnnualQuota(models.Model):
    """A person's annual quota for one fiscal year (RULES.md: set per person per year)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="annual_quotas")
    fiscal_year = models.PositiveSmallIntegerField(help_text="2024 for FY24")
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "fiscal_year"], name="one_quota_per_fy"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="quota_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person} FY{self.fiscal_year % 100:02d} {self.amount}"


class Rating(models.Model):
    """A person's career framework rating for one fiscal year.

    Quota attainment, quota band and eligible score are computed (``framework.rules``), never
    stored or typed; leadership sets the final score.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ratings")
    fiscal_year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    role_scope = models.CharField(max_length=10, choices=Assessment.choices, blank=True)
    role_scope_examples = models.TextField(blank=True)
    team_impact = models.CharField(max_length=10, choices=Assessment.choices, blank=True)
    team_impact_examples = models.TextField(blank=True)
    final_score = models.PositiveSmallIntegerField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fiscal_year", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "fiscal_year"], name="one_rating_per_fy"),
            models.CheckConstraint(
                condition=models.Q(final_score__isnull=True)
                | models.Q(final_score__gte=1, final_score__lte=5),
                name="final_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} FY{self.fiscal_year % 100:02d}"

    @property
    def fiscal_year_label(self) -> str:
        return FiscalYear(self.fiscal_year).label


class CompetencyCategory(models.Model):
    """A category of seed 004's competency framework, e.g. Sales Foundations."""

    name = models.CharField(max_length=80, unique=True)
    note = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "competency categories"

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    category = models.ForeignKey(
        CompetencyCategory, on_delete=models.CASCADE, related_name="competencies"
    )
    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.name


class Behaviour(models.Model):
    """One associated behaviour of a competency, word for word from seed 004."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="behaviours")
    text = models.TextField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["competency__position", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class CompetencyScore(models.IntegerChoices):
    NOT_YET = 1, "Not yet"
    DEVELOPING = 2, "Developing"
    PROFICIENT = 3, "Proficient"
    ROLE_MODEL = 4, "Role model"


class CompetencyAssessment(models.Model):
    """A person's competency assessment for one period (a fiscal quarter)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="competency_assessments"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    assessed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fiscal_year", "quarter", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "fiscal_year", "quarter"], name="one_assessment_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.period_label}"

    @property
    def period_label(self) -> str:
        return FiscalQuarter(self.fiscal_year, self.quarter).label


class CompetencyRating(models.Model):
    assessment = models.ForeignKey(
        CompetencyAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField(choices=CompetencyScore.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="one_score_per_competency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.get_score_display()}"
