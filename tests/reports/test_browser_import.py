"""In Chromium, an admin uploads an export, sees the preview, confirms and sees the end."""

import pytest

from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.imports.conftest import FILES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_preview_confirm_and_progress_reaches_the_end(page, sign_in, live_server):
    UserFactory(username="boss", is_superuser=True, is_staff=True)
    PersonFactory(name="Avery Stone", email="avery@example.com")
    sign_in("boss", PASSWORD)
    page.goto(f"{live_server.url}/imports/")
    page.select_option("#id_kind", "opportunities")
    page.select_option("#id_date_format", "MDY")
    page.set_input_files("#id_file", str(FILES / "amounts.csv"))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#confirm-form")
    assert page.inner_text("#status") == "Previewed"
    assert page.inner_text("#count-created") == "6"
    page.click("#confirm-form button[type=submit]")
    page.wait_for_function("document.getElementById('status').textContent === 'Imported'")
    assert page.get_attribute("#progress", "value") == "100"
    assert page.inner_text("#percent") == "100%"
    assert "imported 6 (new 6, updated 0, unchanged 0)" in page.inner_text("#summary")


def test_a_refused_upload_keeps_the_file_the_browser_cannot_refill(page, sign_in, live_server):
    UserFactory(username="boss", is_superuser=True, is_staff=True)
    PersonFactory(name="Avery Stone", email="avery@example.com")
    sign_in("boss", PASSWORD)
    page.goto(f"{live_server.url}/imports/")
    page.select_option("#id_kind", "opportunities")
    page.select_option("#id_date_format", "MDY")
    page.fill("#id_taken_at", "last friday")
    page.set_input_files("#id_file", str(FILES / "amounts.csv"))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#id_file_helptext")
    assert "write it as YYYY-MM-DD HH:MM" in page.inner_text("#upload-form")
    assert page.inner_text("#id_file_helptext").startswith("using amounts.csv (uploaded ")
    assert page.eval_on_selector("#id_file", "input => input.files.length") == 0
    page.fill("#id_taken_at", "2023-09-08 06:00")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#confirm-form")
    assert page.inner_text("#count-created") == "6"
    assert "from stated by the admin" in page.inner_text("#taken-at")
