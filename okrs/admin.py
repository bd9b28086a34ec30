"""Django admin for Company OKRs: an admin sets targets (seed 002's N0…N14), owners and the
target-account list here."""

from django.contrib import admin

from .models import (
    CheckIn,
    Department,
    DepartmentQuarter,
    KeyResult,
    Objective,
    ObjectiveKeyResult,
    TargetAccount,
)
from .rules import account_key


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0


@admin.register(DepartmentQuarter)
class DepartmentQuarterAdmin(admin.ModelAdmin):
    list_display = ("department", "fiscal_year", "quarter")
    list_filter = ("fiscal_year", "quarter", "department")
    inlines = [ObjectiveInline]


class ObjectiveKeyResultInline(admin.TabularInline):
    model = ObjectiveKeyResult
    extra = 0
    raw_id_fields = ("objective",)


@admin.register(KeyResult)
class KeyResultAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "fiscal_year",
        "quarter",
        "kind",
        "link",
        "target_placeholder",
        "start",
        "target",
        "stretch",
        "owner",
    )
    list_editable = ("start", "target", "stretch")
    list_filter = ("fiscal_year", "quarter", "kind", "link")
    search_fields = ("title", "code", "target_placeholder")
    raw_id_fields = ("owner",)
    inlines = [ObjectiveKeyResultInline]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("key_result", "date", "value", "done", "confidence", "author")
    list_filter = ("date",)
    raw_id_fields = ("key_result", "author")


@admin.register(TargetAccount)
class TargetAccountAdmin(admin.ModelAdmin):
    list_display = ("name", "employee_count", "is_target")
    search_fields = ("name",)
    exclude = ("key",)

    def save_model(self, request, obj, form, change):
        obj.key = account_key(obj.name)
        super().save_model(request, obj, form, change)
