"""Issue 20: a gunicorn worker loads every view before its first request and hides what it
loaded from the garbage collector (the rep page's p99 was ten times its median: a worker's
first request imported the views and pandas, and each collection of the oldest generation walked
every imported object)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

PROBE = """
import gc, sys
import config.wsgi
print(gc.get_freeze_count(), "reports.views" in sys.modules, "pandas" in sys.modules,
      len(gc.get_objects()))
"""


def test_the_wsgi_module_imports_the_views_and_freezes_what_it_loaded():
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    frozen, views, pandas, walked = done.stdout.split()
    # The views (and what they import) are loaded before any request.
    assert views == "True" and pandas == "True"
    # Well over 100,000 objects are out of the collector's walk, and few are left in it, so a
    # full collection is cheap (it took 100-300 ms before).
    assert int(frozen) > 100_000
    assert int(walked) < 10_000
