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
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def demo_pages() -> dict[str, list[tuple[str, str]]]:
    """Per demo login, the (name, path) of each page it opens."""
    from goals.models import Opportunity
    from imports.models import ImportRun

    ae = Person.objects.get(email=demo.DEMO_LOGINS["ae"])
    sdr = Person.objects.get(email=demo.DEMO_LOGINS["sdr"])
    deal = Opportunity.objects.filter(owner=ae).order_by("-amount").first()
    run = ImportRun.objects.order_by("-id").first()
    ae_pages = [
        ("ae-my-quarter", f"/people/{ae.id}/quarter/"),
        ("ae-movement", f"/people/{ae.id}/movement/"),
    ]
    if deal is not None:
        ae_pages.append(("ae-deal-timeline", f"/deals/{deal.external_id}/history/"))
    admin_pages = [
        ("admin-overview", "/overview/"),
        ("admin-sdrs", "/sdrs/"),
        ("admin-targets", "/targets/"),
        ("admin-roster", "/people/"),
        ("admin-person-quotas", f"/people/{ae.id}/edit/"),
        ("admin-quota-upload", "/people/quotas/upload/"),
        ("admin-stage-weights", "/stage-weights/"),
        ("admin-imports", "/imports/"),
        ("admin-import-setup", "/imports/setup/"),
        ("admin-salesforce", "/salesforce/"),
        ("admin-salesforce-users", "/imports/salesforce-users/"),
    ]
    if run is not None:
        admin_pages.append(("admin-import-summary", f"/imports/{run.id}/"))
    return {
        "ae": ae_pages,
        "sdr": [("sdr-my-quarter", f"/people/{sdr.id}/quarter/")],
        "manager": [
            ("manager-team", "/team/"),
            ("manager-leaderboard", "/leaderboard/"),
            ("manager-rep-movement", f"/people/{ae.id}/movement/"),
        ],
        "admin": admin_pages,
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
                            response = page.goto(base_url + path)
                            page.wait_for_load_state("networkidle")
                            if response is None or response.status != 200:
                                status = response.status if response else "no answer"
                                self.stderr.write(f"{path} answered {status}")
                            sideways = page.evaluate(SIDEWAYS)
                            if sideways > 0:
                                self.stderr.write(f"{path}: scrolls sideways by {sideways} px")
                            target = folder / f"{name}-{width_name}.png"
                            page.screenshot(path=str(target), full_page=True)
                            self.stdout.write(str(target))
                        context.close()
                browser.close()
        finally:
            if server is not None:
                server.terminate()
