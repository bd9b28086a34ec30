"""The career framework (seed 001) and competency framework (seed 004) texts from
``fixtures/framework.json`` (written by ``scripts/parse_framework_seeds.py``), loaded by a data
migration so ``migrate`` alone leaves them in the database."""

import json
from pathlib import Path

from django.apps import apps as live_apps

FRAMEWORK = Path(__file__).resolve().parent.parent / "fixtures" / "framework.json"


def load_framework_reference(apps=live_apps) -> None:
    """Create or update every framework text; ``apps`` is a migration's historical registry."""
    data = json.loads(FRAMEWORK.read_text(encoding="utf-8"))
    quota_band = apps.get_model("framework", "QuotaBand")
    level_expectation = apps.get_model("framework", "LevelExpectation")
    category_model = apps.get_model("framework", "CompetencyCategory")
    competency_model = apps.get_model("framework", "Competency")
    behaviour_model = apps.get_model("framework", "Behaviour")
    for band in data["quota_bands"]:
        quota_band.objects.update_or_create(
            score=band["score"], defaults={"label": band["label"], "quota_text": band["quota_text"]}
        )
    for row in data["expectations"]:
        level_expectation.objects.update_or_create(
            level=row["level"],
            dimension=row["dimension"],
            defaults={"meeting": row["meeting"], "exceeding": row["exceeding"]},
        )
    position = 0
    for category_position, entry in enumerate(data["competency_categories"], start=1):
        category, _ = category_model.objects.update_or_create(
            name=entry["name"], defaults={"note": entry["note"], "position": category_position}
        )
        for competency_entry in entry["competencies"]:
            position += 1
            competency, _ = competency_model.objects.update_or_create(
                name=competency_entry["name"],
                defaults={"category": category, "position": position},
            )
            behaviour_model.objects.filter(competency=competency).delete()
            behaviour_model.objects.bulk_create(
                behaviour_model(competency=competency, text=text, position=index)
                for index, text in enumerate(competency_entry["behaviours"], start=1)
            )
