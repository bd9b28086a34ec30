"""Issue 19: CSV exports are UTF-8 with a byte order mark and a charset (Excel showed
"GarcÃ­a"); personal pages, API answers and exports say ``Cache-Control: private, no-store``."""

from datetime import date

import pytest

from tests.factories import PersonFactory, api_key, login_person

pytestmark = pytest.mark.django_db
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def manager(client, today):
    today(date(2023, 9, 15))
    manager = PersonFactory(role="manager")
    login_person(client, manager)
    PersonFactory(role="ae", manager=manager, name="Lucía García", email="lucia@example.com")
    return manager


def private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_csv_exports_are_utf8_with_a_byte_order_mark(client, manager):
    response = client.get("/team/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    assert "Lucía García" in response.content.decode("utf-8-sig")


def test_a_reps_rows_export_is_utf8_with_a_byte_order_mark(client, manager):
    from people.models import Person

    ae = Person.objects.get(email="lucia@example.com")
    response = client.get(f"/people/{ae.id}/quarter/rows.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)


def test_personal_pages_and_exports_are_private_and_not_stored(client, manager):
    for url in ["/team/", "/team/export.csv", "/team/export.xlsx", "/account/token/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert private(response), (url, response.get("Cache-Control"))


def test_api_answers_are_private_and_not_stored(client, manager):
    key = api_key(manager.user)
    client.logout()
    response = client.get("/api/v1/people/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert private(response)
    assert private(client.get("/api/v1/people/"))  # the 401 too

