"""Django admin for imports: currency rates, column mappings and the record of every run."""

from django.contrib import admin

from .models import ColumnMapping, CurrencyRate, ImportRun


@admin.register(CurrencyRate)
class CurrencyRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "rate")


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("kind", "field", "column")
    list_filter = ("kind",)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The record of every import; an admin may clear a run left "running" by a lost machine."""

    list_display = ("created_at", "user", "kind", "file_name", "status", "rows_in_file", "skipped")
    list_filter = ("kind", "status")
    exclude = ("data",)
    readonly_fields = ("checksum", "errors", "warnings", "columns", "ignored_columns")
