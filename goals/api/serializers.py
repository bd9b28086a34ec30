"""API representations. Money is a decimal string, dates ISO, quarters ``FY24-Q3``."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from rest_framework import serializers

from goals.models import Meeting, Metric, Opportunity, Snapshot, Stage, Target, TargetOverride
from people.models import Role

from .fields import FigureField, QuarterField, RecordQuarterField

ZERO = Decimal(0)


def _unique(model, instance, message: str, **lookup) -> None:
    rows = model.objects.filter(**lookup)
    if instance is not None:
        rows = rows.exclude(pk=instance.pk)
    if rows.exists():
        raise serializers.ValidationError({"non_field_errors": [message]})


class TargetSerializer(serializers.ModelSerializer):
    """A metric's target for a role (and SDR segment) in one quarter."""

    quarter = RecordQuarterField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=ZERO)

    class Meta:
        model = Target
        fields = ["id", "quarter", "metric", "role", "sdr_segment", "value", "published"]
        read_only_fields = ["published"]  # drafts are made and published by target-quarters
        validators = []  # the quarter is one field here: uniqueness is checked in validate()

    def validate(self, attrs):
        merged = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in ("fiscal_year", "quarter", "metric", "role", "sdr_segment")
        }
        merged["sdr_segment"] = merged["sdr_segment"] or ""
        if merged["metric"].role != merged["role"]:
            raise serializers.ValidationError(
                {"metric": [f"{merged['metric'].code} is not a {merged['role']} metric."]}
            )
        if (merged["role"] == Role.SDR) != bool(merged["sdr_segment"]):
            raise serializers.ValidationError(
                {"sdr_segment": ["SDR targets need a segment; other roles have none."]}
            )
        _unique(Target, self.instance, "This quarter already has that target.", **merged)
        return attrs


class TargetOverrideSerializer(serializers.ModelSerializer):
    """One person's own target for one quarter and metric; it wins over the role's."""

    quarter = RecordQuarterField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=ZERO)

    class Meta:
        model = TargetOverride
        fields = ["id", "person", "quarter", "metric", "value", "reason", "set_by", "set_at"]
        read_only_fields = ["set_by", "set_at"]
        extra_kwargs = {"reason": {"allow_blank": False, "required": True}}
        validators = []

    def validate(self, attrs):
        merged = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in ("person", "fiscal_year", "quarter", "metric")
        }
        if merged["metric"].role != merged["person"].role:
            raise serializers.ValidationError(
                {"metric": [f"{merged['metric'].code} is not a metric of this person's role."]}
            )
        _unique(TargetOverride, self.instance, "This person already has that override.", **merged)
        # Who set it and when: the person's page shows it with the reason (issue 18).
        attrs["set_by"] = self.context["request"].user
        attrs["set_at"] = timezone.now()
        return attrs


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = ["code", "label", "unit", "kind", "role", "position"]


class StageSerializer(serializers.ModelSerializer):
    """An open stage's weight, a fraction from 0 to 1 (seed 000: Stage 4 is 0.5)."""

    weight = serializers.DecimalField(
        max_digits=5, decimal_places=4, min_value=ZERO, max_value=Decimal(1)
    )

    class Meta:
        model = Stage
        fields = ["number", "name", "weight"]
        read_only_fields = ["number"]


class OpportunitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Opportunity
        fields = [
            "id",
            "external_id",
            "name",
            "owner",
            "owner_name",
            "account",
            "type",
            "stage",
            "amount",
            "close_date",
            "created_date",
            "sao_date",
            "sourced_by",
            "sourced_by_name",
        ]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "external_id", "sdr", "sdr_name", "date", "type", "status", "took_place"]
        read_only_fields = fields


class SnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Snapshot
        fields = ["person", "metric", "date", "value", "target", "pace", "attainment"]
        read_only_fields = fields


# --- figures from the rules engine -----------------------------------------------------------


class QuarterQuerySerializer(serializers.Serializer):
    """``?quarter=FY24-Q3&as_of=2023-09-15``: D must fall in the quarter."""

    quarter = QuarterField()
    as_of = serializers.DateField(
        required=False, help_text="Compute as of this day (default: RULES.md's D)."
    )

    def validate(self, attrs):
        quarter, as_of = attrs["quarter"], attrs.get("as_of")
        if as_of is not None and not quarter.contains(as_of):
            raise serializers.ValidationError(
                {"as_of": [f"Pick a day in {quarter} ({quarter.start} to {quarter.end})."]}
            )
        return attrs


class AttainmentQuerySerializer(QuarterQuerySerializer):
    person = serializers.CharField(
        required=False, max_length=254, help_text="A person's id or e-mail (default: everyone)."
    )


class CoachingQuerySerializer(QuarterQuerySerializer):
    basis = serializers.ChoiceField(
        choices=["target", "pace"],
        required=False,
        help_text="Coaching basis (default: the COACHING_BASIS setting).",
    )


class AttainmentRowSerializer(serializers.Serializer):
    """One person and metric: RULES.md's value, target, pace, attainment, and coaching flags."""

    person = serializers.IntegerField()
    email = serializers.CharField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    metric = serializers.CharField()
    value = FigureField()
    target = FigureField()
    pace = FigureField()
    attainment = FigureField()
    below = serializers.BooleanField()
    behind_pace = serializers.BooleanField()
    coaching_on_target = serializers.BooleanField()
    coaching_on_pace = serializers.BooleanField()


class CoachingRowSerializer(serializers.Serializer):
    """A person flagged for coaching on the chosen basis, with the misses on both bases."""

    person = serializers.IntegerField()
    email = serializers.CharField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    manager = serializers.IntegerField(allow_null=True)
    misses_on_target = serializers.IntegerField()
    misses_on_pace = serializers.IntegerField()
    coaching_on_target = serializers.BooleanField()
    coaching_on_pace = serializers.BooleanField()
    below = serializers.ListField(child=serializers.CharField())
    behind_pace = serializers.ListField(child=serializers.CharField())


class FiguresSerializer(serializers.Serializer):
    quarter = QuarterField()
    as_of = serializers.DateField(allow_null=True, help_text="Null for a future quarter.")
    basis = serializers.ChoiceField(choices=["target", "pace"])


class LookAheadSerializer(serializers.Serializer):
    """An AE's look-ahead figures for the live day (RULES.md): the quarter-end projection and
    pipeline coverage against seed 004's 3× minimum. Figures are null where they do not apply."""

    person = serializers.IntegerField()
    email = serializers.CharField()
    name = serializers.CharField()
    projected_closed_won = FigureField(
        allow_null=False,
        help_text="closed_won_acv + Σ amount × stage weight of open opportunities closing by "
        "quarter end.",
    )
    closed_won_target = FigureField(help_text="The quarter's closed_won_acv target; null if none.")
    projected_attainment = FigureField(
        help_text="The projection ÷ the closed-won target × 100; null without a target."
    )
    open_pipeline = FigureField(
        allow_null=False, help_text="Σ amount of open opportunities closing by quarter end."
    )
    still_needed = FigureField(
        help_text="The closed-won target − closed_won_acv, 0 once reached; null without a target."
    )
    pipeline_coverage = FigureField(
        help_text="open_pipeline ÷ still_needed; null when covered or without a target."
    )
    coverage_minimum = FigureField(allow_null=False, help_text="Seed 004's minimum coverage, 3.")
    covered = serializers.BooleanField(help_text="Nothing is still needed: no ratio.")
    meets_coverage_minimum = serializers.BooleanField(
        allow_null=True,
        help_text="Covered, or coverage at least the minimum; null without a target.",
    )


class AttainmentSerializer(FiguresSerializer):
    results = AttainmentRowSerializer(many=True)
    look_ahead = LookAheadSerializer(
        many=True,
        allow_null=True,
        help_text="One entry per AE when D is today (the live day); null for an earlier D or a "
        "future quarter, where no look-ahead figures are computed.",
    )


class CoachingSerializer(FiguresSerializer):
    results = CoachingRowSerializer(many=True)
