"""Person moves from goals to people; its table (goals_person) and rows stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APP = 'people'
MODELS = ('person',)


def move_content_types(apps, schema_editor, old="goals", new=APP):
    """The content types (and so permissions and admin history) follow the moved models."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    content_types = content_types.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=new, model=model).exists():
            content_types.filter(app_label=old, model=model).update(app_label=new)


def restore_content_types(apps, schema_editor):
    move_content_types(apps, schema_editor, old=APP, new="goals")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('goals', '0008_opportunity_owner_figures_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as they are (``db_table``): only Django's picture of them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Person',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200)),
                        ('email', models.EmailField(max_length=254, unique=True)),
                        ('role', models.CharField(choices=[('ae', 'Account Executive'), ('sdr', 'SDR'), ('manager', 'Manager'), ('admin', 'Admin')], max_length=10)),
                        ('sdr_segment', models.CharField(blank=True, choices=[('outbound', 'Outbound'), ('inbound', 'Inbound'), ('vc_bod', 'VC/BOD Program Lead')], max_length=10)),
                        ('level', models.CharField(blank=True, choices=[('L1', 'L1'), ('L2', 'L2'), ('L3', 'L3'), ('L4', 'L4'), ('L5', 'L5'), ('L6', 'L6')], max_length=2)),
                        ('start_date', models.DateField(blank=True, null=True)),
                        ('ramp_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('salesforce_id', models.CharField(blank=True, db_index=True, max_length=18)),
                        ('is_active', models.BooleanField(default=True)),
                        ('manager', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='people.person')),
                        ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='person', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'goals_person',
                        'ordering': ['name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('role', 'sdr'), ('sdr_segment', ''), _connector='OR'), name='sdr_segment_only_for_sdrs')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
