"""Load the career and competency frameworks parsed from seeds 001 and 004."""

from django.db import migrations

from framework.reference import load_framework_reference


def load(apps, schema_editor):
    load_framework_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("framework", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
