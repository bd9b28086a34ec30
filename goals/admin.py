"""Django admin for reference data an admin maintains: stages, targets, overrides."""

from django.contrib import admin

from .models import (
    CoachingDigest,
    Meeting,
    Metric,
    Opportunity,
    RecomputeRun,
    Snapshot,
    Stage,
    StageAlias,
    Target,
    TargetOverride,
)


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "weight")
    list_editable = ("weight",)


@admin.register(StageAlias)
class StageAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "stage")
    search_fields = ("name",)


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "unit", "kind", "role")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("fiscal_year", "quarter", "role", "sdr_segment", "metric", "value")
    list_filter = ("fiscal_year", "quarter", "role", "sdr_segment", "metric")


@admin.register(TargetOverride)
class TargetOverrideAdmin(admin.ModelAdmin):
    list_display = ("person", "fiscal_year", "quarter", "metric", "value", "reason")
    raw_id_fields = ("person",)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("external_id", "name", "owner", "account", "type", "stage", "amount")
    list_filter = ("stage", "type")
    search_fields = ("external_id", "name", "account", "owner_name")
    raw_id_fields = ("owner", "sourced_by")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("external_id", "sdr", "date", "type", "status", "took_place")
    list_filter = ("type", "took_place")
    raw_id_fields = ("sdr",)


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ("person", "metric", "date", "value", "target", "pace", "attainment")
    list_filter = ("metric", "date")
    raw_id_fields = ("person",)


# --- recompute --------------------------------------------------------------------------------


@admin.register(RecomputeRun)
class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "first_day", "last_day", "trigger", "status", "people", "rows")
    list_filter = ("status", "trigger")
    readonly_fields = [f.name for f in RecomputeRun._meta.fields]


@admin.register(CoachingDigest)
class CoachingDigestAdmin(admin.ModelAdmin):
    list_display = ("date", "manager", "basis", "emailed_at")
    list_filter = ("date",)
    raw_id_fields = ("manager",)
