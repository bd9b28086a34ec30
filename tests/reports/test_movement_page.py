"""The movement page lists each category's largest changes (a team's week can move thousands
of deals); the CSV beside it holds every deal behind each category, both bases."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from imports.services import import_file
from reports.movement_pages import DEALS_SHOWN
from tests.factories import PersonFactory, UserFactory
from tests.goals.history.exports import Deal, write_export

pytestmark = pytest.mark.django_db
PUSHED = DEALS_SHOWN + 5


@pytest.fixture
def pushed_week(today, tmp_path, client):
    """An AE whose 30 open deals, closing this quarter on 2023-09-08, were all pushed past
    it by 2023-09-15 (deal n is worth 1,000 + n)."""
    today(date(2023, 9, 15))
    user = UserFactory(username="ana")
    ae = PersonFactory(role="ae", name="Ana Ruiz", user=user)
    for day, close in ((8, date(2023, 10, 20)), (15, date(2023, 12, 20))):
        deals = [
            Deal(f"0065b0000000{n:03d}AAA", ae.name, "3", Decimal(1000 + n), close)
            for n in range(PUSHED)
        ]
        run = import_file(
            "opportunities",
            write_export(tmp_path / f"day{day}.csv", deals),
            taken_at=datetime(2023, 9, day, 12, tzinfo=UTC),
        )
        assert run.error_count == 0, run.errors
    client.force_login(user)
    return ae


def test_each_category_lists_its_largest_changes_and_says_how_many_it_holds(pushed_week, client):
    page = client.get(f"/people/{pushed_week.id}/movement/?from=2023-09-09&to=2023-09-15")
    text = page.content.decode()
    assert f"The {DEALS_SHOWN} largest changes of {PUSHED} deals" in text
    shown = [n for n in range(PUSHED) if f"0065b0000000{n:03d}AAA" in text]
    assert shown == list(range(PUSHED - DEALS_SHOWN, PUSHED))  # the largest amounts


def test_the_csv_holds_every_deal_of_each_category_in_both_bases(pushed_week, client):
    response = client.get(
        f"/people/{pushed_week.id}/movement/deals.csv?from=2023-09-09&to=2023-09-15"
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    pushed = [r for r in rows if r["basis"] == "pipeline" and r["category"] == "pushed"]
    assert len(pushed) == PUSHED
    first = next(r for r in pushed if r["deal"] == "0065b0000000000AAA")
    assert first["amount then"] == "1000.00" and first["change"] == "-1000.00"
    assert (first["close date then"], first["close date now"]) == ("2023-10-20", "2023-12-20")
    assert len([r for r in rows if r["basis"] == "weighted"]) == PUSHED


def test_the_csv_of_days_without_history_is_refused(pushed_week, client):
    response = client.get(f"/people/{pushed_week.id}/movement/deals.csv?from=2023-08-01")
    assert response.status_code == 404
