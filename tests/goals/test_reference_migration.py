"""The reference-data migration is frozen: it runs no code of today's project and reads no
file, so a fresh ``migrate`` keeps working whatever the models and fixtures become."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MIGRATION = ROOT / "goals" / "migrations" / "0002_reference_data.py"


def test_the_migration_imports_only_django():
    tree = ast.parse(MIGRATION.read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported and all(name.startswith("django.") for name in imported), imported


def test_the_migration_reads_no_file():
    names = {n.id for n in ast.walk(ast.parse(MIGRATION.read_text())) if isinstance(n, ast.Name)}
    assert not names & {"open", "Path", "json"}


def test_its_rows_are_the_reference_fixture_the_tests_reload():
    module = importlib.import_module("goals.migrations.0002_reference_data")
    fixture = json.loads((ROOT / "fixtures" / "reference_data.json").read_text(encoding="utf-8"))
    assert [(r["model"], r["pk"], r["fields"]) for r in fixture] == module.ROWS
