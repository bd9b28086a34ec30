from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0004_deal_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="all_held",
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name="ImportPreference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=40, unique=True)),
                ("value", models.JSONField(blank=True, default=None, null=True)),
            ],
        ),
    ]
