"""Issue 14: stages outside the engine's set, before the check constraints refuse them."""

from django.db import migrations

STAGES = ("1", "2", "3", "4", "5", "6", "won", "lost")


def stages_within_the_engine(apps, schema_editor):
    """Before the check constraints: "Won"/"LOST" become won/lost; any other stage outside
    the engine's set stops the migration, naming the rows (nothing is dropped silently)."""
    for model_name, key in (("StageAlias", "name"), ("Opportunity", "external_id")):
        model = apps.get_model("goals", model_name)
        for row in model.objects.exclude(stage__in=STAGES):
            if row.stage.strip().lower() in ("won", "lost"):
                row.stage = row.stage.strip().lower()
                row.save(update_fields=["stage"])
        bad = list(model.objects.exclude(stage__in=STAGES).values_list(key, "stage")[:20])
        if bad:
            raise RuntimeError(
                f"{model_name} rows hold stages outside 1-6, won, lost: {bad}. Fix them in the "
                "Django admin (or delete them and import again), then migrate."
            )


class Migration(migrations.Migration):
    dependencies = [("goals", "0010_audit_events_to_auditlog")]

    operations = [migrations.RunPython(stages_within_the_engine, migrations.RunPython.noop)]
