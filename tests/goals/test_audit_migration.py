"""Issue 13, one audit trail: a database filled before it (``AuditEvent`` and the framework's
``Change`` rows) keeps every row, as django-auditlog entries, after ``migrate``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reports.audit import audit_line

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("goals", "0009_move_people_imports_okrs"),
    ("framework", "0003_person_moved_to_people"),
]
AT = datetime(2024, 2, 1, 9, 30, tzinfo=UTC)


def migrate(targets):
    """Migrate the test database to ``targets``; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def fill_old_trails(apps) -> dict:
    """One event of each old kind and two rating/assessment changes, as today's main wrote."""
    User = apps.get_model("auth", "User")
    Person = apps.get_model("people", "Person")
    AuditEvent = apps.get_model("goals", "AuditEvent")
    Rating = apps.get_model("framework", "Rating")
    Assessment = apps.get_model("framework", "CompetencyAssessment")
    Change = apps.get_model("framework", "Change")
    ada = User.objects.create(username="ada")
    avery = Person.objects.create(name="Avery Stone", email="avery@example.com", role="ae")
    events = [
        ("target", "changed", "12", "FY24-Q3 ae", {"value": "1.00"}, {"value": "2.00"}),
        ("target_override", "created", "3", "Avery", {}, {"value": "1000.00"}),
        ("target_override", "deleted", "3", "Avery", {"person": avery.id}, {}),
        ("stage_weight", "changed", "4", "Stage 4 (50%)", {"weight": "0.50"}, {"weight": "0.55"}),
        ("import", "done", "7", "people.csv", {}, {"file_name": "people.csv"}),
    ]  # fmt: skip
    for action, verb, object_id, text, before, after in events:
        AuditEvent.objects.create(
            user=ada, action=action, verb=verb, object_id=object_id, object_repr=text,
            before=before, after=after,
        )  # fmt: skip
    AuditEvent.objects.update(at=AT)
    rating = Rating.objects.create(person=avery, fiscal_year=2024)
    assessment = Assessment.objects.create(person=avery, fiscal_year=2024, quarter=3)
    Change.objects.create(rating=rating, changed_by=ada, what={"final_score": [3, 4]})
    Change.objects.create(assessment=assessment, what={"competency:1": [None, [2, "Early"]]})
    Change.objects.update(changed_at=AT)
    ids = {"rating": rating.pk, "ada": ada.pk, "avery": avery.pk}
    return {"events": len(events), "changes": 2, **ids}


def test_old_audit_rows_are_log_entries_after_migrate():
    old = fill_old_trails(migrate(BEFORE))
    # Entries already there (reference data loaded after an earlier flush) are not carried.
    there = list(LogEntry.objects.values_list("id", flat=True))
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    carried = LogEntry.objects.exclude(id__in=there).select_related("actor", "content_type")
    entries = list(carried.order_by("id"))
    assert len(entries) == old["events"] + old["changes"]
    assert {entry.timestamp for entry in entries} == {AT}
    lines = [audit_line(entry) for entry in entries]
    said = [(line.user, line.what, line.verb, line.subject, line.changes) for line in lines]
    # Each app carries its own rows over, in whichever order the two migrations run.
    assert sorted(said, key=repr) == sorted([
        ("ada", "Target", "changed", "FY24-Q3 ae", [("value", "1.00", "2.00")]),
        ("ada", "Target override", "created", "Avery", [("value", None, "1000.00")]),
        ("ada", "Target override", "deleted", "Avery", [("person", old["avery"], None)]),
        ("ada", "Stage weight", "changed", "Stage 4 (50%)", [("weight", "0.50", "0.55")]),
        ("ada", "Import", "done", "people.csv", [("file_name", None, "people.csv")]),
        ("ada", "Rating", "changed", "Avery Stone FY24", [("final_score", 3, 4)]),
        ("system", "Competency assessment", "changed", "Avery Stone FY24-Q3",
         [("competency:1", None, [2, "Early"])]),
    ], key=repr)  # fmt: skip
    rating = next(entry for entry in entries if entry.content_type.model == "rating")
    assert (rating.content_type.model, rating.object_pk) == ("rating", str(old["rating"]))
    assert rating.actor_id == old["ada"]
