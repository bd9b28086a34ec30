"""OKR models move from goals to okrs; their tables (goals_*) and rows stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APP = 'okrs'
MODELS = ('department', 'departmentquarter', 'objective', 'keyresult', 'objectivekeyresult', 'checkin', 'targetaccount', 'keyresultsnapshot')


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
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay as they are (``db_table``): only Django's picture of them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Department',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True)),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'goals_department',
                        'ordering': ['position', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='TargetAccount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255)),
                        ('key', models.CharField(max_length=255, unique=True)),
                        ('employee_count', models.PositiveIntegerField(blank=True, null=True)),
                        ('is_target', models.BooleanField(default=True)),
                    ],
                    options={
                        'db_table': 'goals_targetaccount',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='DepartmentQuarter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('fiscal_year', models.PositiveSmallIntegerField()),
                        ('quarter', models.PositiveSmallIntegerField()),
                        ('why', models.TextField(blank=True)),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quarters', to='okrs.department')),
                    ],
                    options={
                        'db_table': 'goals_departmentquarter',
                        'ordering': ['fiscal_year', 'quarter', 'department__position'],
                    },
                ),
                migrations.CreateModel(
                    name='KeyResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('fiscal_year', models.PositiveSmallIntegerField()),
                        ('quarter', models.PositiveSmallIntegerField()),
                        ('code', models.SlugField(max_length=60)),
                        ('title', models.TextField()),
                        ('kind', models.CharField(choices=[('numeric', 'Numeric (start, target, stretch)'), ('score', 'Percentage or score'), ('milestone', 'Milestone (done / not done)')], max_length=10)),
                        ('link', models.CharField(blank=True, choices=[('', 'Not linked (check-ins)'), ('target_account_saos', 'New business SAOs among target accounts'), ('large_enterprise_stage_4', 'Large enterprise opportunities at Stage 4+ closing this fiscal year'), ('large_enterprise_logos', 'Large enterprise logos landed')], max_length=30)),
                        ('start', models.DecimalField(blank=True, decimal_places=4, max_digits=16, null=True)),
                        ('target', models.DecimalField(blank=True, decimal_places=4, max_digits=16, null=True)),
                        ('stretch', models.DecimalField(blank=True, decimal_places=4, max_digits=16, null=True)),
                        ('scale_max', models.DecimalField(blank=True, decimal_places=4, max_digits=16, null=True)),
                        ('target_placeholder', models.CharField(blank=True, max_length=10)),
                        ('stretch_placeholder', models.CharField(blank=True, max_length=10)),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person')),
                    ],
                    options={
                        'db_table': 'goals_keyresult',
                        'ordering': ['fiscal_year', 'quarter', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField()),
                        ('value', models.DecimalField(blank=True, decimal_places=4, max_digits=16, null=True)),
                        ('done', models.BooleanField(blank=True, null=True)),
                        ('confidence', models.PositiveSmallIntegerField(help_text='0 (no chance) to 10 (certain).')),
                        ('comment', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('key_result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='check_ins', to='okrs.keyresult')),
                    ],
                    options={
                        'db_table': 'goals_checkin',
                        'ordering': ['key_result', 'date', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='KeyResultSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField()),
                        ('value', models.DecimalField(decimal_places=4, max_digits=16)),
                        ('key_result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='snapshots', to='okrs.keyresult')),
                    ],
                    options={
                        'db_table': 'goals_keyresultsnapshot',
                    },
                ),
                migrations.CreateModel(
                    name='Objective',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.TextField()),
                        ('why', models.TextField(blank=True)),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='objectives', to='okrs.departmentquarter')),
                    ],
                    options={
                        'db_table': 'goals_objective',
                        'ordering': ['plan', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='ObjectiveKeyResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('wording', models.TextField(blank=True, help_text="Blank: the key result's own title.")),
                        ('position', models.PositiveSmallIntegerField(default=0)),
                        ('key_result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='okrs.keyresult')),
                        ('objective', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='okrs.objective')),
                    ],
                    options={
                        'db_table': 'goals_objectivekeyresult',
                        'ordering': ['objective', 'position'],
                    },
                ),
                migrations.AddField(
                    model_name='objective',
                    name='key_results',
                    field=models.ManyToManyField(related_name='objectives', through='okrs.ObjectiveKeyResult', to='okrs.keyresult'),
                ),
                migrations.AddConstraint(
                    model_name='departmentquarter',
                    constraint=models.UniqueConstraint(fields=('department', 'fiscal_year', 'quarter'), name='one_okr_plan_per_department_quarter'),
                ),
                migrations.AddConstraint(
                    model_name='keyresult',
                    constraint=models.UniqueConstraint(fields=('fiscal_year', 'quarter', 'code'), name='one_key_result_code_per_quarter'),
                ),
                migrations.AddConstraint(
                    model_name='checkin',
                    constraint=models.CheckConstraint(condition=models.Q(('confidence__lte', 10)), name='check_in_confidence_0_to_10'),
                ),
                migrations.AddConstraint(
                    model_name='keyresultsnapshot',
                    constraint=models.UniqueConstraint(fields=('key_result', 'date'), name='one_snapshot_per_key_result_day'),
                ),
                migrations.AddConstraint(
                    model_name='objectivekeyresult',
                    constraint=models.UniqueConstraint(fields=('objective', 'key_result'), name='key_result_once_per_objective'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
