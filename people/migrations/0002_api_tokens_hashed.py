"""Issue 19: API tokens stored hashed. DRF's ``authtoken_token`` kept every key in clear; each
key still works (its SHA-256 moves to ``people_apitoken``, with its creation time, so its
90-day expiry is unchanged) and the clear keys are deleted."""

import hashlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CLEAR_TABLE = "authtoken_token"


def hash_clear_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if CLEAR_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("people", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {CLEAR_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
        for key, user_id, created in rows:
            token = ApiToken.objects.create(
                user_id=user_id, digest=hashlib.sha256(key.encode()).hexdigest()
            )
            ApiToken.objects.filter(pk=token.pk).update(created=created)
        cursor.execute(f"DELETE FROM {CLEAR_TABLE}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(editable=False, max_length=64, unique=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_token",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(hash_clear_tokens, migrations.RunPython.noop),
    ]
