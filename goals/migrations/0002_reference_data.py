"""Load the reference data of RULES.md (stage weights, metric catalogue, FY24 targets), so that
``migrate`` alone leaves a database ready to use."""

from django.db import migrations


def load_reference_data(apps, schema_editor):
    from goals.reference import load_reference_data as load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
