"""RULES.md's reference data (stage weights, metric catalogue, FY24 targets) from
``fixtures/reference_data.json``, loaded by a data migration so ``migrate`` alone leaves a
usable database."""

import json
from pathlib import Path

from django.apps import apps as live_apps
from django.core.management.color import no_style
from django.db import connection

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "reference_data.json"


def load_reference_data(apps=live_apps) -> None:
    """Create or update every reference row; ``apps`` is a migration's historical registry."""
    models = []
    for entry in json.loads(REFERENCE.read_text(encoding="utf-8")):
        model = apps.get_model(entry["model"])
        fields = dict(entry["fields"])
        if "metric" in fields:
            fields["metric_id"] = fields.pop("metric")
        model.objects.update_or_create(pk=entry["pk"], defaults=fields)
        if model not in models:
            models.append(model)
    reset_sequences(models)


def reset_sequences(models) -> None:
    """Move PostgreSQL's id sequences past rows written with explicit keys, or the next row
    an admin adds (a Q4 target) collides with them (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
