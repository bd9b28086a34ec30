"""manage.py screenshots: each page at desktop and phone width, through Debian's Chromium.

Serves the current database on a throw-away local port (or uses ``--base-url``), logs in as
each demo user and writes full-page PNGs into ``screenshots/``. Load the demo first
(``manage.py seed_demo``) and freeze today to the demo's day (``PACER_TODAY=2023-09-15``).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand
from django.test.testcases import LiveServerThread

from demo import demo
from people.models import Person

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def demo_pages() -> dict[str, list[tuple[str, str]]]:
    """Per demo login, the (name, path) of each page it opens."""
    ae = Person.objects.get(email=demo.DEMO_LOGINS["ae"])
    sdr = Person.objects.get(email=demo.DEMO_LOGINS["sdr"])
    return {
        "ae": [("ae-my-quarter", f"/people/{ae.id}/quarter/")],
        "sdr": [("sdr-my-quarter", f"/people/{sdr.id}/quarter/")],
        "manager": [("manager-team", "/team/"), ("manager-leaderboard", "/leaderboard/")],
        "admin": [("admin-overview", "/overview/"), ("admin-sdrs", "/sdrs/")],
    }


class Command(BaseCommand):
    help = "Screenshot each page at desktop and phone width into screenshots/."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", help="A running Pacer; default: serve this database.")
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "screenshots"))

    def handle(self, *args, base_url: str | None, out: str, **options):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        pages = demo_pages()
        server = None
        if base_url is None:
            server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
            server.daemon = True
            server.start()
            server.is_ready.wait()
            if server.error:
                raise server.error
            base_url = f"http://127.0.0.1:{server.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
                )
                for width_name, viewport in WIDTHS.items():
                    for username, paths in pages.items():
                        context = browser.new_context(viewport=viewport)
                        page = context.new_page()
                        page.goto(f"{base_url}/accounts/login/")
                        page.fill("#id_username", username)
                        page.fill("#id_password", demo.DEMO_PASSWORD)
                        page.click("button[type=submit]")
                        page.wait_for_load_state()
                        for name, path in paths:
                            page.goto(base_url + path)
                            page.wait_for_load_state("networkidle")
                            target = folder / f"{name}-{width_name}.png"
                            page.screenshot(path=str(target), full_page=True)
                            self.stdout.write(str(target))
                        context.close()
                browser.close()
        finally:
            if server is not None:
                server.terminate()
