"""Small modules, small functions (COMMON.md, STYLE.md): no production module over 500 lines,
no production function over 60, checked on the source with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# Not production code: the tests, migrations, benchmarks and one-off scripts.
NOT_PRODUCTION = {"tests", "migrations", "bench", "scripts"}
# Not ours: the virtualenv and tool caches.
NOT_OURS = {".venv", "venv", "node_modules", "staticfiles"}


def production_modules(root: Path = ROOT) -> list[Path]:
    """Every Python module of the production code under ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if NOT_PRODUCTION.intersection(parts) or NOT_OURS.intersection(parts):
            continue
        if any(part.startswith(".") for part in parts):
            continue
        found.append(path)
    return found


def offenders(root: Path = ROOT) -> list[str]:
    """``path: what`` for each module and function over its limit."""
    found = []
    for path in production_modules(root):
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(root)
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            found.append(f"{where}: module of {lines} lines (limit {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(source, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(
                        f"{where}:{node.lineno}: function {node.name} of {length} lines "
                        f"(limit {MAX_FUNCTION_LINES})"
                    )
    return found


def test_production_modules_and_functions_are_small():
    assert offenders() == []


def test_the_walk_sees_the_production_code_and_not_the_rest():
    seen = {path.relative_to(ROOT).as_posix() for path in production_modules()}
    assert {"goals/rules/quarter.py", "goals/selectors.py", "config/settings.py"} <= seen
    assert not any(p.startswith(("tests/", "bench/", "scripts/")) for p in seen)
    assert not any("/migrations/" in p for p in seen)


def test_an_oversized_module_and_function_are_named(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (package / "big.py").write_text(
        f"def long_one():\n{body}\n" + "\n" * MAX_MODULE_LINES, encoding="utf-8"
    )
    (package / "small.py").write_text("def short():\n    return 1\n", encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "big_test.py").write_text("\n" * 600, encoding="utf-8")
    found = offenders(tmp_path)
    assert len(found) == 2
    assert found[0].startswith("app/big.py: module of")
    assert found[1].startswith("app/big.py:1: function long_one of 61 lines")
