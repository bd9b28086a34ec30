"""Issue 13, one audit trail: every ``AuditEvent`` row becomes a django-auditlog ``LogEntry``
(same time, user, object, fields before → after), then ``AuditEvent`` goes.

Frozen here, not imported from today's code: this must keep reading 0006's table."""

from django.db import migrations

BATCH = 1000
# AuditEvent.action → the model it was about (imports moved to their own app in 0009).
MODELS = {
    "target": ("goals", "target"),
    "target_override": ("goals", "targetoverride"),
    "stage_weight": ("goals", "stage"),
    "import": ("imports", "importrun"),
}
ACTIONS = {"created": 0, "changed": 1, "deleted": 2}  # LogEntry.Action


def entry_for(event, content_types, LogEntry):
    """The LogEntry that says what ``event`` said."""
    names = list(event.after) + [name for name in event.before if name not in event.after]
    pk = event.object_id
    return LogEntry(
        content_type=content_types[event.action],
        object_pk=pk,
        object_id=int(pk) if pk.isdigit() else None,
        object_repr=event.object_repr,
        action=ACTIONS.get(event.verb, 0),
        changes={name: [event.before.get(name), event.after.get(name)] for name in names},
        actor_id=event.user_id,
        timestamp=event.at,
        # An import's verb is its status ("done", "rejected"); keep it as the page showed it.
        additional_data=None if event.verb in ACTIONS else {"verb": event.verb},
    )


def carry_over(apps, schema_editor):
    AuditEvent = apps.get_model("goals", "AuditEvent")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = {
        action: ContentType.objects.get_or_create(app_label=app, model=model)[0]
        for action, (app, model) in MODELS.items()
    }
    batch = []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=BATCH):
        batch.append(entry_for(event, content_types, LogEntry))
        if len(batch) == BATCH:
            LogEntry.objects.bulk_create(batch)
            batch = []
    LogEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0009_move_people_imports_okrs"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Backwards the table comes back empty: the entries stay in the one trail.
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEvent"),
    ]
