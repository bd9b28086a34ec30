"""RULES.md: the coaching flag's basis is a setting, ``pace`` by default."""

import yaml

from tests.celery_worker import ROOT
from tests.config.test_celery import settings_in_a_fresh_process


def test_the_coaching_basis_is_pace_by_default(monkeypatch):
    monkeypatch.delenv("COACHING_BASIS", raising=False)
    done = settings_in_a_fresh_process("settings.COACHING_BASIS")
    assert done.stdout.strip() == "pace"


def test_the_coaching_basis_can_be_the_full_target():
    done = settings_in_a_fresh_process("settings.COACHING_BASIS", COACHING_BASIS="target")
    assert done.stdout.strip() == "target"


def test_an_unknown_coaching_basis_is_refused():
    done = settings_in_a_fresh_process("settings.COACHING_BASIS", COACHING_BASIS="targets")
    assert done.returncode != 0
    assert "COACHING_BASIS is 'pace' or 'target'" in done.stderr


def test_compose_defaults_the_basis_to_pace():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["x-pacer-env"]["COACHING_BASIS"] == "${COACHING_BASIS:-pace}"
