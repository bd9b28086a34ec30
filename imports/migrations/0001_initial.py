"""Import models move from goals to imports; their tables (goals_*) and rows stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APP = 'imports'
MODELS = ('currencyrate', 'columnmapping', 'importrun')


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
                    name='CurrencyRate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('currency', models.CharField(max_length=3, unique=True)),
                        ('rate', models.DecimalField(decimal_places=8, max_digits=18)),
                    ],
                    options={
                        'db_table': 'goals_currencyrate',
                        'ordering': ['currency'],
                    },
                ),
                migrations.CreateModel(
                    name='ColumnMapping',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('people', 'Team roster'), ('opportunities', 'Opportunities'), ('meetings', 'Meetings')], max_length=20)),
                        ('field', models.CharField(max_length=40)),
                        ('column', models.CharField(max_length=200)),
                    ],
                    options={
                        'db_table': 'goals_columnmapping',
                        'constraints': [models.UniqueConstraint(fields=('kind', 'field'), name='one_mapping_per_kind_field')],
                    },
                ),
                migrations.CreateModel(
                    name='ImportRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('people', 'Team roster'), ('opportunities', 'Opportunities'), ('meetings', 'Meetings')], max_length=20)),
                        ('file_name', models.CharField(max_length=255)),
                        ('checksum', models.CharField(max_length=64)),
                        ('data', models.BinaryField(blank=True, null=True)),
                        ('companions', models.JSONField(blank=True, default=dict)),
                        ('date_format', models.CharField(blank=True, max_length=3)),
                        ('skip_invalid', models.BooleanField(default=False)),
                        ('commit', models.BooleanField(default=False, help_text='False: a preview (dry run).')),
                        ('status', models.CharField(choices=[('uploaded', 'Uploaded'), ('previewing', 'Previewing'), ('previewed', 'Previewed'), ('queued', 'Queued'), ('running', 'Running'), ('done', 'Imported'), ('rejected', 'Rejected (nothing changed)'), ('failed', 'Failed (nothing changed)')], default='uploaded', max_length=12)),
                        ('message', models.TextField(blank=True)),
                        ('columns', models.JSONField(blank=True, default=dict)),
                        ('ignored_columns', models.JSONField(blank=True, default=list)),
                        ('rows_in_file', models.PositiveIntegerField(default=0)),
                        ('rows_read', models.PositiveIntegerField(default=0)),
                        ('rows_validated', models.PositiveIntegerField(default=0)),
                        ('rows_written', models.PositiveIntegerField(default=0)),
                        ('created', models.PositiveIntegerField(default=0)),
                        ('updated', models.PositiveIntegerField(default=0)),
                        ('unchanged', models.PositiveIntegerField(default=0)),
                        ('skipped', models.PositiveIntegerField(default=0)),
                        ('missing_from_file', models.PositiveIntegerField(default=0)),
                        ('errors', models.JSONField(blank=True, default=list)),
                        ('error_count', models.PositiveIntegerField(default=0)),
                        ('warnings', models.JSONField(blank=True, default=list)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'goals_importrun',
                        'ordering': ['-created_at', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'running')), fields=('status',), name='one_running_import')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
