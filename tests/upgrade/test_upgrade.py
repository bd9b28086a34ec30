"""An existing database upgrades to the layout of issue 13 with every row and figure kept.

The database is taken back to the last migrations before the move (goals 0008, framework
0002; no people, imports or okrs apps), filled through the historical models of that state,
then migrated to the latest state. Every table keeps its row count, the moved rows are read
back through today's models, and the demo command's figures are byte-identical.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("goals", "0008_opportunity_owner_figures_index"),
    ("framework", "0002_framework_reference"),
    ("people", None),
    ("imports", None),
    ("okrs", None),
]
AS_OF = date(2023, 9, 15)
AT = datetime(2023, 9, 14, 12, tzinfo=UTC)


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_apps(transactional_db):
    """The app registry of the database as today's main left it; migrated back to the latest
    state afterwards whatever happens, for the tests that follow."""
    _migrate(BEFORE)
    yield MigrationExecutor(connection).loader.project_state(BEFORE[:2]).apps
    _migrate(_latest())


def _fill(apps) -> None:
    """Rows of every kind a running Pacer holds, written through the historical models."""
    model = apps.get_model
    users = model("auth", "User").objects
    Person = model("goals", "Person")
    boss = Person.objects.create(
        name="Maria Lopez",
        email="maria@example.com",
        role="manager",
        level="L5",
        user=users.create(username="maria"),
    )
    ae = Person.objects.create(
        name="Avery Stone",
        email="avery@example.com",
        role="ae",
        level="L2",
        manager=boss,
        start_date=date(2021, 3, 1),
        user=users.create(username="avery"),
    )
    sdr = Person.objects.create(
        name="Sam Rivera",
        email="sam@example.com",
        role="sdr",
        sdr_segment="outbound",
        level="L1",
        manager=boss,
        start_date=date(2022, 6, 1),
    )
    Opportunity = model("goals", "Opportunity")
    for n, (stage, amount, close) in enumerate(
        [
            ("won", "42000.00", date(2023, 8, 20)),
            ("won", "18500.50", date(2023, 3, 2)),
            ("4", "90000.00", date(2023, 10, 30)),
            ("2", "30000.00", date(2023, 12, 1)),
            ("lost", "12000.00", date(2023, 8, 1)),
        ]
    ):
        Opportunity.objects.create(
            external_id=f"0065b00000{n:05d}AAA",
            name=f"Deal {n}",
            owner=ae,
            owner_name=ae.name,
            account=f"Acme {n}",
            type="new_business",
            stage=stage,
            amount=Decimal(amount),
            close_date=close,
            created_date=date(2023, 2, 10),
            sao_date=date(2023, 8, 5),
            sourced_by=sdr,
            sourced_by_name=sdr.name,
        )
    model("goals", "Meeting").objects.create(
        external_id="00U5b0000000001AAA",
        sdr=sdr,
        sdr_name=sdr.name,
        date=date(2023, 8, 9),
        type="New Business Meeting",
        status="Held",
        account="Acme 0",
    )
    metric = model("goals", "Metric").objects.get(code="closed_won_acv")
    model("goals", "TargetOverride").objects.create(
        person=ae,
        fiscal_year=2024,
        quarter=3,
        metric=metric,
        value=Decimal("150000"),
        reason="ramp",
    )
    model("goals", "CurrencyRate").objects.create(currency="EUR", rate=Decimal("1.08"))
    model("goals", "ColumnMapping").objects.create(
        kind="opportunities", field="amount", column="Deal Value"
    )
    model("goals", "ImportRun").objects.create(
        kind="opportunities",
        user=users.get(username="maria"),
        file_name="export.csv",
        checksum="0" * 64,
        commit=True,
        status="done",
        rows_in_file=5,
        created=5,
    )
    model("goals", "RecomputeRun").objects.create(
        first_day=AS_OF, last_day=AS_OF, status="succeeded", people=2, rows=9, finished_at=AT
    )
    model("goals", "Snapshot").objects.create(
        person=ae,
        metric=metric,
        date=AS_OF,
        value=Decimal("42000"),
        target=Decimal("150000"),
        pace=Decimal("0.28"),
        attainment=Decimal("28.00"),
    )
    model("goals", "CoachingStatus").objects.create(
        person=ae, date=AS_OF, on_target=True, on_pace=False
    )
    model("goals", "CoachingDigest").objects.create(
        manager=boss,
        date=AS_OF,
        basis="target",
        changes=[{"person_id": ae.id, "name": ae.name, "email": ae.email, "flagged": True}],
    )
    model("goals", "AuditEvent").objects.create(
        user=users.get(username="maria"),
        action="target_override",
        verb="created",
        object_id="1",
        object_repr="Avery Stone FY24-Q3 closed_won_acv",
        after={"value": "150000"},
    )
    department = model("goals", "Department").objects.create(name="Sales", position=1)
    plan = model("goals", "DepartmentQuarter").objects.create(
        department=department, fiscal_year=2024, quarter=3, why="Grow"
    )
    objective = model("goals", "Objective").objects.create(plan=plan, title="Land logos")
    key_result = model("goals", "KeyResult").objects.create(
        fiscal_year=2024,
        quarter=3,
        code="logos",
        title="Land 5 logos",
        kind="numeric",
        owner=ae,
        start=Decimal(0),
        target=Decimal(5),
    )
    model("goals", "ObjectiveKeyResult").objects.create(
        objective=objective, key_result=key_result, wording="Land five"
    )
    model("goals", "CheckIn").objects.create(
        key_result=key_result,
        date=AS_OF,
        value=Decimal(2),
        confidence=7,
        author=users.get(username="avery"),
    )
    model("goals", "TargetAccount").objects.create(name="Acme 0", key="acme 0", employee_count=9000)
    model("goals", "KeyResultSnapshot").objects.create(
        key_result=key_result, date=AS_OF, value=Decimal(1)
    )
    model("framework", "AnnualQuota").objects.create(
        person=ae, fiscal_year=2024, amount=Decimal("600000")
    )
    rating = model("framework", "Rating").objects.create(
        person=ae, fiscal_year=2024, role_scope="meeting", final_score=3, rated_by=boss
    )
    category, _ = model("framework", "CompetencyCategory").objects.get_or_create(
        name="Upgrade test", defaults={"position": 99}
    )
    competency, _ = model("framework", "Competency").objects.get_or_create(
        name="Upgrade test competency", defaults={"category": category, "position": 99}
    )
    assessment = model("framework", "CompetencyAssessment").objects.create(
        person=ae, fiscal_year=2024, quarter=3, assessed_by=boss
    )
    model("framework", "CompetencyRating").objects.create(
        assessment=assessment, competency=competency, score=3
    )
    model("framework", "Change").objects.create(
        rating=rating, changed_by=users.get(username="maria"), what={"final_score": [None, 3]}
    )


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


FIGURES_BEFORE = Path(__file__).with_name("figures_before_upgrade.json")


def _figures() -> str:
    out = io.StringIO()
    call_command("attainment", "--quarter", "FY24-Q3", "--format", "json", stdout=out)
    return out.getvalue()


# Transactional (the executor runs schema editors), and marked so ``reference_data`` puts the
# reference rows back if an earlier transactional test flushed them.
@pytest.mark.django_db(transaction=True)
def test_a_filled_database_of_the_old_layout_migrates_with_every_row_kept(old_apps, today):
    today(AS_OF)
    _fill(old_apps)
    # Today's code reads issue 18's target columns (goals 0011), which the old layout lacks:
    # the figures are measured after the upgrade, on the rows written before it.
    counts = _counts()
    assert counts["goals_person"] == 3 and counts["goals_opportunity"] == 5

    planned = MigrationExecutor(connection).migration_plan(_latest())
    # the five of the move, the two that carry the audit trails, the deal history's two
    assert len(planned) >= 7 + 2
    _migrate(_latest())

    after = _counts()
    # The migration log gains one row per migration applied; every other table is unchanged
    # but for the audit rows carried into django-auditlog's.
    assert after.pop("django_migrations") == counts.pop("django_migrations") + len(planned)
    carried = counts.pop("goals_auditevent") + counts.pop("framework_change")
    assert carried == 2
    assert after.pop("auditlog_logentry") == counts.pop("auditlog_logentry") + carried
    # The deal history's backfill (issue 15) gives each existing deal one state.
    counts.pop("goals_opportunitystate", None)
    assert after.pop("goals_opportunitystate") == counts["goals_opportunity"]
    # Tables the upgrade creates (goals_personalias, salesforce_sync, …) start empty.
    created = {table: after.pop(table) for table in set(after) - set(counts)}
    assert created and set(created.values()) == {0}
    assert after == counts
    figures = _figures()
    # The figures this layout's code computed before the upgrade (today's code reads issue
    # 18's target columns, which the old database lacks): kept in a file.
    assert figures == FIGURES_BEFORE.read_text()
    assert '"value": "60500.50"' in figures  # the two won deals: figures of real rows

    from framework.models import Rating
    from goals.models import Opportunity
    from imports.models import ImportRun
    from okrs.models import CheckIn, KeyResult
    from people.models import Person

    ae = Person.objects.get(email="avery@example.com")
    assert ae.manager.email == "maria@example.com" and ae.user.username == "avery"
    assert Opportunity.objects.filter(owner=ae).count() == 5
    assert KeyResult.objects.get(code="logos").owner == ae
    assert CheckIn.objects.get().key_result.links.get().wording == "Land five"
    assert ImportRun.objects.get().user.username == "maria"
    assert Rating.objects.get().rated_by.email == "maria@example.com"
    moved = ContentType.objects.get_for_model(Person)
    assert (moved.app_label, moved.model) == ("people", "person")
    assert not ContentType.objects.filter(app_label="goals", model="person").exists()
