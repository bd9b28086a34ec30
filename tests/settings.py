"""Settings for the tests: production's, plus the fault tests' gates (``tests.testgate``)."""

import os

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testgate.TestGateConfig"]
# A folder the recompute waits in before committing (the worker reads it from its environment).
RECOMPUTE_TEST_GATE = os.environ.get("PACER_RECOMPUTE_TEST_GATE") or None
# A folder a committing import waits in before its transaction commits.
IMPORT_TEST_GATE = os.environ.get("PACER_IMPORT_TEST_GATE") or None
# A split recompute's part fails when it holds this person id, and each part sleeps this long.
RECOMPUTE_TEST_FAIL_PERSON = int(os.environ.get("PACER_RECOMPUTE_TEST_FAIL_PERSON") or 0) or None
RECOMPUTE_TEST_PART_SECONDS = float(os.environ.get("PACER_RECOMPUTE_TEST_PART_SECONDS") or 0)
RECOMPUTE_TEST_PART_LOG = os.environ.get("PACER_RECOMPUTE_TEST_PART_LOG") or None
