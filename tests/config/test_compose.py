"""docker-compose.yml is valid Compose, checked by a Compose client (no engine needed)."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.services import compose_command

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.compose


def config(compose_file: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | env
    return subprocess.run(
        [*compose_command(), "-f", str(compose_file), "config", "-q"],
        capture_output=True,
        text=True,
        env=environ,
        cwd=compose_file.parent,
    )


def test_the_compose_file_is_valid():
    done = config(ROOT / "docker-compose.yml", SECRET_KEY="from-the-environment")
    assert done.returncode == 0, done.stderr


def test_the_compose_file_refuses_to_start_without_a_secret_key():
    done = config(ROOT / "docker-compose.yml")
    assert done.returncode != 0
    assert "set SECRET_KEY" in done.stderr


def test_the_client_catches_a_misspelt_option(tmp_path):
    """The check above is a real validation: the same file with one option misspelt fails."""
    text = (ROOT / "docker-compose.yml").read_text()
    assert "stop_grace_period:" in text
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(text.replace("stop_grace_period:", "stop_grace_perod:"))
    done = config(broken, SECRET_KEY="from-the-environment")
    assert done.returncode != 0
    assert "stop_grace_perod" in done.stderr
