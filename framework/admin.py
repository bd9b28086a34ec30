"""Django admin: annual quotas are set here; framework texts and ratings are read-only so that
every rating change goes through the services (and so into the history)."""

from django.contrib import admin

from .models import (
    AnnualQuota,
    Behaviour,
    Competency,
    CompetencyAssessment,
    CompetencyCategory,
    CompetencyRating,
    LevelExpectation,
    QuotaBand,
    Rating,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualQuota)
class AnnualQuotaAdmin(admin.ModelAdmin):
    list_display = ("person", "fiscal_year", "amount")
    list_filter = ("fiscal_year",)
    search_fields = ("person__name", "person__email")
    raw_id_fields = ("person",)


@admin.register(LevelExpectation)
class LevelExpectationAdmin(ReadOnlyAdmin):
    list_display = ("level", "dimension")
    list_filter = ("level", "dimension")


@admin.register(QuotaBand)
class QuotaBandAdmin(ReadOnlyAdmin):
    list_display = ("score", "label", "quota_text")


class BehaviourInline(ReadOnlyInline):
    model = Behaviour


@admin.register(Competency)
class CompetencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "category", "position")
    list_filter = ("category",)
    inlines = [BehaviourInline]


@admin.register(CompetencyCategory)
class CompetencyCategoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "note", "position")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("person", "fiscal_year", "state", "role_scope", "team_impact", "final_score")
    list_filter = ("fiscal_year", "state", "final_score")
    search_fields = ("person__name",)


class CompetencyRatingInline(ReadOnlyInline):
    model = CompetencyRating


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("person", "fiscal_year", "quarter", "state")
    list_filter = ("fiscal_year", "quarter", "state")
    inlines = [CompetencyRatingInline]
