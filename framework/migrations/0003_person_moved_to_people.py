"""Person moved to the people app: the foreign keys now name people.Person (same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('framework', '0002_framework_reference'),
        ('people', '0001_initial'),
    ]

    operations = [
        # The tables stay as they are (``db_table``): only Django's picture of them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='annualquota',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='annual_quotas', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='competencyassessment',
                    name='assessed_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='competencyassessment',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='competency_assessments', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='rating',
                    name='person',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ratings', to='people.person'),
                ),
                migrations.AlterField(
                    model_name='rating',
                    name='rated_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person'),
                ),
            ],
        ),
    ]
