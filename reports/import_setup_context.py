"""What the preview's Set-up card shows: the unplaced values and the choices for each."""

from __future__ import annotations

from django.conf import settings

from goals.models import StageAlias
from imports import data_export_upload, setup
from imports.models import ImportRun
from people.models import Person

STAGE_OPTIONS = [(value, label) for value, label in StageAlias._meta.get_field("stage").choices]


def setup_context(run: ImportRun) -> dict:
    """What the preview's Set-up card shows (two queries: people, for the match choices)."""
    if not run.unplaced:
        return {}
    groups = [
        (what, setup.LABELS[what], run.unplaced[what])
        for what in setup.LABELS
        if what in run.unplaced
    ]
    return {
        "setup_groups": groups,
        "stage_options": STAGE_OPTIONS,
        "people_options": list(Person.objects.values_list("id", "name", "email")),
        "role_options": Person._meta.get_field("role").choices,
        "company_currency": settings.COMPANY_CURRENCY,
    }


def export_context(run: ImportRun) -> dict:
    """The Data Export card: what the zip holds and the people User.csv proposes, each with
    the roster entry it already is (one query)."""
    export = (run.companions or {}).get(data_export_upload.KEY)
    if not export:
        return {}
    return {
        "export": export,
        # What the run's Event/Task and OpportunityHistory wrote, or would (imports.run_extras).
        "written": (run.companions or {}).get("in_run") or {},
        "export_people": data_export_upload.people_to_confirm(run),
        "role_options": Person._meta.get_field("role").choices,
    }
