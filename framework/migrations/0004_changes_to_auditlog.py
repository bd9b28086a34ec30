"""Issue 13, one audit trail: every rating and assessment ``Change`` becomes a django-auditlog
``LogEntry`` (same time, user, object, fields before → after), then ``Change`` goes.

Frozen here, not imported from today's code: this must keep reading 0001's table."""

from django.db import migrations

BATCH = 1000


def subject(change):
    """``(model, object, repr)`` as ``Rating.__str__``/``CompetencyAssessment.__str__`` say."""
    if change.rating_id is not None:
        rating = change.rating
        return "rating", rating.pk, f"{rating.person.name} FY{rating.fiscal_year % 100:02d}"
    assessment = change.assessment
    label = f"FY{assessment.fiscal_year % 100:02d}-Q{assessment.quarter}"
    return "competencyassessment", assessment.pk, f"{assessment.person.name} {label}"


def carry_over(apps, schema_editor):
    Change = apps.get_model("framework", "Change")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = {
        model: ContentType.objects.get_or_create(app_label="framework", model=model)[0]
        for model in ("rating", "competencyassessment")
    }
    changes = Change.objects.select_related("rating__person", "assessment__person")
    batch = []
    for change in changes.order_by("id").iterator(chunk_size=BATCH):
        model, pk, text = subject(change)
        batch.append(
            LogEntry(
                content_type=content_types[model],
                object_pk=str(pk),
                object_id=pk,
                object_repr=text,
                action=1,  # LogEntry.Action.UPDATE: the page said "changed"
                changes=change.what,
                actor_id=change.changed_by_id,
                timestamp=change.changed_at,
            )
        )
        if len(batch) == BATCH:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("framework", "0003_person_moved_to_people"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Backwards the table comes back empty: the entries stay in the one trail.
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="Change"),
    ]
