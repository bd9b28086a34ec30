"""The reference-data migrations are frozen: they run no code of today's project and read no
file, so a fresh ``migrate`` keeps working whatever the models and fixtures become."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = [
    "goals.migrations.0002_reference_data",
    "framework.migrations.0002_framework_reference",
]


def _tree(module: str) -> ast.Module:
    return ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))


@pytest.mark.parametrize("module", MIGRATIONS)
def test_the_migration_imports_only_django(module):
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(_tree(module))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported and all(name.startswith("django.") for name in imported), imported


@pytest.mark.parametrize("module", MIGRATIONS)
def test_the_migration_reads_no_file(module):
    names = {n.id for n in ast.walk(_tree(module)) if isinstance(n, ast.Name)}
    assert not names & {"open", "Path", "json"}


def _fixture(name: str):
    return json.loads((ROOT / "fixtures" / name).read_text(encoding="utf-8"))


def test_the_goals_rows_are_the_reference_fixture_the_tests_reload():
    module = importlib.import_module(MIGRATIONS[0])
    fixture = _fixture("reference_data.json")
    assert [(r["model"], r["pk"], r["fields"]) for r in fixture] == module.ROWS


def test_the_framework_texts_are_the_framework_fixture_the_tests_reload():
    assert _fixture("framework.json") == importlib.import_module(MIGRATIONS[1]).DATA
