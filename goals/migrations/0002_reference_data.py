"""Load the reference data of RULES.md (stage weights, metric catalogue, FY24 targets), so that
``migrate`` alone leaves a database ready to use.

Frozen: the rows as they were when this migration was written (``fixtures/reference_data.json``
then), and no import of today's code, so a fresh ``migrate`` works whatever the models become.
A later change of reference data is a new migration.
"""

from django.core.management.color import no_style
from django.db import migrations

# (model, primary key, fields); a target's ``metric`` is the metric's code.
ROWS = [
    ('goals.stage', 1, {'name': 'Stage 1', 'weight': '0'}),
    ('goals.stage', 2, {'name': 'Stage 2', 'weight': '0.10'}),
    ('goals.stage', 3, {'name': 'Stage 3', 'weight': '0.20'}),
    ('goals.stage', 4, {'name': 'Stage 4', 'weight': '0.50'}),
    ('goals.stage', 5, {'name': 'Stage 5', 'weight': '0.75'}),
    ('goals.stage', 6, {'name': 'Stage 6', 'weight': '0.90'}),
    ('goals.metric', 'closed_won_acv', {'label': 'YTD Closed Won ACV', 'unit': 'currency', 'kind': 'ytd', 'role': 'ae', 'position': 1}),
    ('goals.metric', 'weighted_pipeline', {'label': 'Weighted Pipeline', 'unit': 'currency', 'kind': 'point', 'role': 'ae', 'position': 2}),
    ('goals.metric', 'new_logos_in_pipe', {'label': 'New Logos in Pipe', 'unit': 'count', 'kind': 'ytd', 'role': 'ae', 'position': 3}),
    ('goals.metric', 'new_logos_closed', {'label': 'New Logos Closed', 'unit': 'count', 'kind': 'ytd', 'role': 'ae', 'position': 4}),
    ('goals.metric', 'saos', {'label': 'SAOs', 'unit': 'count', 'kind': 'qtd', 'role': 'sdr', 'position': 1}),
    ('goals.metric', 'new_business_meetings', {'label': 'New Business Meetings', 'unit': 'count', 'kind': 'qtd', 'role': 'sdr', 'position': 2}),
    ('goals.metric', 'rolling_attainment', {'label': '6-Month Rolling Attainment', 'unit': 'percent', 'kind': 'rolling', 'role': 'sdr', 'position': 3}),
    ('goals.target', 1, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'closed_won_acv', 'role': 'ae', 'sdr_segment': '', 'value': '50000'}),
    ('goals.target', 2, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'weighted_pipeline', 'role': 'ae', 'sdr_segment': '', 'value': '200000'}),
    ('goals.target', 3, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'new_logos_in_pipe', 'role': 'ae', 'sdr_segment': '', 'value': '8'}),
    ('goals.target', 4, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'closed_won_acv', 'role': 'ae', 'sdr_segment': '', 'value': '300000'}),
    ('goals.target', 5, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'weighted_pipeline', 'role': 'ae', 'sdr_segment': '', 'value': '750000'}),
    ('goals.target', 6, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'new_logos_in_pipe', 'role': 'ae', 'sdr_segment': '', 'value': '16'}),
    ('goals.target', 7, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'closed_won_acv', 'role': 'ae', 'sdr_segment': '', 'value': '650000'}),
    ('goals.target', 8, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'weighted_pipeline', 'role': 'ae', 'sdr_segment': '', 'value': '1000000'}),
    ('goals.target', 9, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'new_logos_in_pipe', 'role': 'ae', 'sdr_segment': '', 'value': '24'}),
    ('goals.target', 10, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'new_logos_closed', 'role': 'ae', 'sdr_segment': '', 'value': '6'}),
    ('goals.target', 11, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '12'}),
    ('goals.target', 12, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '24'}),
    ('goals.target', 13, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '100'}),
    ('goals.target', 14, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '15'}),
    ('goals.target', 15, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '20'}),
    ('goals.target', 16, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '100'}),
    ('goals.target', 17, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '15'}),
    ('goals.target', 18, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '30'}),
    ('goals.target', 19, {'fiscal_year': 2024, 'quarter': 1, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '100'}),
    ('goals.target', 20, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '12'}),
    ('goals.target', 21, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '24'}),
    ('goals.target', 22, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '100'}),
    ('goals.target', 23, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '15'}),
    ('goals.target', 24, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '20'}),
    ('goals.target', 25, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '100'}),
    ('goals.target', 26, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '15'}),
    ('goals.target', 27, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '30'}),
    ('goals.target', 28, {'fiscal_year': 2024, 'quarter': 2, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '100'}),
    ('goals.target', 29, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '12'}),
    ('goals.target', 30, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '24'}),
    ('goals.target', 31, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '100'}),
    ('goals.target', 32, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '15'}),
    ('goals.target', 33, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '20'}),
    ('goals.target', 34, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '100'}),
    ('goals.target', 35, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '15'}),
    ('goals.target', 36, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '30'}),
    ('goals.target', 37, {'fiscal_year': 2024, 'quarter': 3, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '100'}),
    ('goals.target', 38, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '12'}),
    ('goals.target', 39, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '24'}),
    ('goals.target', 40, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'outbound', 'value': '100'}),
    ('goals.target', 41, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '15'}),
    ('goals.target', 42, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '20'}),
    ('goals.target', 43, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'inbound', 'value': '100'}),
    ('goals.target', 44, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'saos', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '15'}),
    ('goals.target', 45, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'new_business_meetings', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '30'}),
    ('goals.target', 46, {'fiscal_year': 2024, 'quarter': 4, 'metric': 'rolling_attainment', 'role': 'sdr', 'sdr_segment': 'vc_bod', 'value': '100'}),
]


def load_reference_data(apps, schema_editor):
    models = []
    for label, pk, fields in ROWS:
        model = apps.get_model(label)
        fields = dict(fields)
        if "metric" in fields:
            fields["metric_id"] = fields.pop("metric")
        model.objects.using(schema_editor.connection.alias).update_or_create(
            pk=pk, defaults=fields
        )
        if model not in models:
            models.append(model)
    # PostgreSQL: move the id sequences past the explicit keys (no-op on SQLite).
    with schema_editor.connection.cursor() as cursor:
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
