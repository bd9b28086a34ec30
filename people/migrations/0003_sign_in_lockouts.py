"""Issue 19: consecutive lockouts of a username, for the rising cool-off (reports.sign_in)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0002_api_tokens_hashed")]

    operations = [
        migrations.CreateModel(
            name="SignInLockout",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("username", models.CharField(max_length=255, unique=True)),
                ("count", models.PositiveIntegerField(default=1)),
                ("locked_until", models.DateTimeField()),
            ],
        ),
    ]
