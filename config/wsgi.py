"""WSGI entry point (gunicorn config.wsgi).

Issue 20: each worker loads everything before its first request and then hides what it loaded
from the garbage collector. Without this, a worker's first request imported every view (pandas,
Plotly: ~1.6 s), and every collection of the oldest generation walked the ~170,000 objects of
the imported modules (100-300 ms, every 20 or so rep pages): the rep page's p99 at one
connection was ten times its median. ``gc.freeze()`` moves the objects alive now to a permanent
generation the collector skips; objects made by requests are collected as before.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - import every view module now
gc.collect()
gc.freeze()
