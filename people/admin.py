"""Django admin for the team roster."""

from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "role", "sdr_segment", "level", "manager", "is_active")
    list_filter = ("role", "sdr_segment", "level", "is_active")
    search_fields = ("name", "email")
    raw_id_fields = ("user", "manager")
