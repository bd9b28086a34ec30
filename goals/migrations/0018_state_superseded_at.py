"""Each state's ``superseded_at``: the moment its deal's next state was observed (null for the
latest), so the state at T is read from an index (movement, the steady deals)."""

from django.db import migrations, models

FILL = """
WITH ordered AS (
    SELECT id, LEAD(observed_at) OVER (
        PARTITION BY external_id ORDER BY observed_at, id
    ) AS next
    FROM goals_opportunitystate
)
UPDATE goals_opportunitystate SET superseded_at = ordered.next
FROM ordered
WHERE goals_opportunitystate.id = ordered.id AND ordered.next IS NOT NULL
"""


class Migration(migrations.Migration):

    dependencies = [
        ("goals", "0017_state_owner_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunitystate",
            name="superseded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=True),
        migrations.RemoveIndex(model_name="opportunitystate", name="state_owner_deal"),
        migrations.AddIndex(
            model_name="opportunitystate",
            index=models.Index(
                fields=["owner", "observed_at"],
                include=["external_id", "superseded_at", "stage", "close_date", "amount"],
                name="state_owner_moment",
            ),
        ),
    ]
