"""Yes/no settings read the words they document and refuse anything else, naming the variable,
instead of reading a typo as "no"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["1", "true", "Yes", " ON "])
def test_yes_words_read_as_yes(monkeypatch, raw):
    monkeypatch.setenv("PACER_TEST_FLAG", raw)
    assert env_bool("PACER_TEST_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "OFF"])
def test_no_words_read_as_no(monkeypatch, raw):
    monkeypatch.setenv("PACER_TEST_FLAG", raw)
    assert env_bool("PACER_TEST_FLAG", True) is False


def test_unset_reads_as_the_default(monkeypatch):
    monkeypatch.delenv("PACER_TEST_FLAG", raising=False)
    assert env_bool("PACER_TEST_FLAG", True) is True
    assert env_bool("PACER_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["ture", "2", "", "enabled", "y es"])
def test_anything_else_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("PACER_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=r"PACER_TEST_FLAG=.* is not a yes/no value"):
        env_bool("PACER_TEST_FLAG", False)


def test_a_typo_in_debug_stops_the_server_starting():
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=environment | {"DEBUG": "flase"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DEBUG='flase' is not a yes/no value" in result.stderr
