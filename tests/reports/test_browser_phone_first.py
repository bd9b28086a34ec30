"""Issue 17's acceptance, per demo persona, at 390 px and 1366 px in a real Chromium with the
Content Security Policy on: no sideways page scroll, every figure's label beside it, axe-core
with no serious or critical violation on every page the persona's navigation offers, and the
first screen's sentence."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from demo import demo
from tests.reports.test_browser_dashboards import demo_org  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parents[1] / "vendor" / "axe.min.js").read_text()
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}

# axe runs through the DevTools protocol (page.evaluate), not a <script> the CSP would block.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# Every cell of a figures table shows its column's name beside its value: the header row on
# a wide screen, the cell's own data-label (drawn by ::before) on a phone.
UNLABELLED = """() => Array.from(document.querySelectorAll("table.figures td")).filter(td => {
  if (!td.offsetParent || !td.textContent.trim() || td.colSpan > 1) return false;
  const head = td.closest("table").tHead;
  if (head && getComputedStyle(head).display !== "none") return false;
  if (!head && td.parentElement.querySelector("th[scope=row]")) return false;  // key: value
  const before = getComputedStyle(td, "::before").content;
  return !td.dataset.label || before !== JSON.stringify(td.dataset.label);
}).map(td => td.closest("table").dataset.testid + ": " + td.textContent.trim()).slice(0, 5)"""
# The first screen's sentence: the element is in the viewport before any scroll.
ON_FIRST_SCREEN = """selector => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}"""

FIRST_SENTENCE = {
    "ae": ("[data-testid=coaching-sentence]", "On pace on 4 of 4 — no coaching flag."),
    "sdr": ("[data-testid=coaching-sentence]", "coaching flag"),
    "manager": ("[data-testid=team-sentence]", "4 of 8 people are flagged for coaching"),
    "admin": (None, None),
}


def nav_paths(page) -> list[str]:
    """The pages the persona's top bar offers, once each."""
    hrefs = page.eval_on_selector_all("nav[aria-label=Main] a", "links => links.map(a => a.href)")
    return list(dict.fromkeys(hrefs))


# Not pages: downloads, the Django admin, the API, the token page's form posts.
NOT_PAGES = re.compile(r"/(admin|api)/|\.(csv|xlsx)$|/csv/|/xlsx/|/errors")


def page_kind(url: str) -> str:
    """One visit per kind of page: ids and query strings make no new kind."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def linked_pages(page, origin: str) -> list[str]:
    """The pages linked from the current page's content, for a second level of the crawl."""
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    return [
        h.split("#")[0]
        for h in hrefs
        if h.startswith(origin) and not NOT_PAGES.search(urlsplit(h).path)
    ]


def check_page(page, url: str) -> list[str]:
    """What is wrong with the page at ``url`` at the current width."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = []
    if page.evaluate(OVERFLOW) > 0:
        problems.append(f"{url}: the page scrolls sideways by {page.evaluate(OVERFLOW)} px")
    problems += [f"{url}: unlabelled {cell}" for cell in page.evaluate(UNLABELLED)]
    page.evaluate(AXE)
    problems += [f"{url}: axe {v}" for v in page.evaluate(RUN_AXE)]
    return problems


def signed_in(chromium, live_server, username: str, viewport: dict):
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page, blocked


@pytest.mark.usefixtures("demo_org")
@pytest.mark.parametrize("username", ["ae", "sdr", "manager", "admin"])
def test_every_page_of_a_persona_reads_on_a_phone_and_a_desktop(username, chromium, live_server):
    problems = []
    for width, viewport in WIDTHS.items():
        context, page, blocked = signed_in(chromium, live_server, username, viewport)
        landing = page.url
        selector, words = FIRST_SENTENCE[username]
        if selector:
            assert words in page.locator(selector).inner_text(), (width, landing)
            assert page.evaluate(ON_FIRST_SCREEN, selector), f"{width}: {selector} not on screen"
        seen: dict[str, str] = {}
        top = [landing, *nav_paths(page)]
        queue = list(top)
        while queue:
            url = queue.pop(0)
            if page_kind(url) in seen or NOT_PAGES.search(urlsplit(url).path):
                continue
            seen[page_kind(url)] = url
            problems += [f"{width} {p}" for p in check_page(page, url)]
            if url in top:
                queue += linked_pages(page, live_server.url)
        problems += [f"{width}: CSP blocked {b}" for b in blocked]
        print(username, width, "checked:", " ".join(sorted(seen)))
        context.close()
    assert not problems, "\n".join(problems)
