"""Person, the import models and the OKR models moved to people, imports and okrs: goals
forgets them and its foreign keys name people.Person. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('okrs', '0001_initial'),
        ('imports', '0001_initial'),
        ('framework', '0003_person_moved_to_people'),
        ('goals', '0008_opportunity_owner_figures_index'),
        ('people', '0001_initial'),
    ]

    operations = [
        # The tables stay as they are (``db_table``): only Django's picture of them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='checkin',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='checkin',
                    name='key_result',
                ),
                migrations.DeleteModel(
                    name='ColumnMapping',
                ),
                migrations.DeleteModel(
                    name='CurrencyRate',
                ),
                migrations.RemoveField(
                    model_name='departmentquarter',
                    name='department',
                ),
                migrations.RemoveField(
                    model_name='objective',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='importrun',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='keyresult',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='objectivekeyresult',
                    name='key_result',
                ),
                migrations.RemoveField(
                    model_name='objective',
                    name='key_results',
                ),
                migrations.RemoveField(
                    model_name='keyresultsnapshot',
                    name='key_result',
                ),
                migrations.RemoveField(
                    model_name='objectivekeyresult',
                    name='objective',
                ),
                migrations.RemoveField(
                    model_name='person',
                    name='manager',
                ),
                migrations.RemoveField(
                    model_name='person',
                    name='user',
                ),
                migrations.AlterField(
                    model_name='targetoverride',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='target_overrides', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='snapshot',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='snapshots', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='coachingdigest',
                    name='manager',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coaching_digests', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='opportunity',
                    name='owner',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='opportunities', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='sdr',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='meetings', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='coachingstatus',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coaching_days', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='opportunity',
                    name='sourced_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sourced', to='people.person'),
                ),
                migrations.DeleteModel(
                    name='TargetAccount',
                ),
                migrations.DeleteModel(
                    name='CheckIn',
                ),
                migrations.DeleteModel(
                    name='Department',
                ),
                migrations.DeleteModel(
                    name='DepartmentQuarter',
                ),
                migrations.DeleteModel(
                    name='ImportRun',
                ),
                migrations.DeleteModel(
                    name='KeyResult',
                ),
                migrations.DeleteModel(
                    name='KeyResultSnapshot',
                ),
                migrations.DeleteModel(
                    name='Objective',
                ),
                migrations.DeleteModel(
                    name='ObjectiveKeyResult',
                ),
                migrations.DeleteModel(
                    name='Person',
                ),
            ],
        ),
    ]
