"""Money is written from COMPANY_CURRENCY and the locale (Babel), on pages and charts alike;
exports keep raw decimals."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from display.money import currency_affixes, money, money_format
from reports import charts
from tests.factories import OpportunityFactory, PersonFactory, login_person


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("162500", "$162,500"),
        ("60000.25", "$60,000.25"),
        ("1250.5", "$1,250.50"),
        ("999.995", "$1,000"),
        ("0", "$0"),
    ],
)
def test_us_dollars_in_en_us_by_default(amount, shown):
    assert money(Decimal(amount)) == shown


def test_a_missing_amount_is_a_dash():
    assert money(None) == "—"


def test_euros_in_german_put_the_sign_after_with_german_separators(settings):
    settings.COMPANY_CURRENCY, settings.PACER_LOCALE = "EUR", "de_DE"
    assert money(Decimal("162500.5")) == "162.500,50\xa0€"
    assert money(Decimal("162500")) == "162.500\xa0€"
    assert currency_affixes() == ("", "\xa0€")


def test_a_chart_axis_and_hover_follow_the_currency(settings):
    settings.COMPANY_CURRENCY = "EUR"
    ahead = charts.rules.LookAhead(
        Decimal(500000), Decimal(650000), Decimal(300000), Decimal(150000), Decimal(2)
    )
    figure = charts.projection_chart(ahead, Decimal(162500))
    assert figure["layout"]["xaxis"]["tickprefix"] == "€"
    assert figure["data"][0]["hovertemplate"] == "%{y}: €%{x:,.0f}<extra></extra>"
    assert "€162,500" in figure["data"][0]["text"]
    assert "$" not in str(figure)


@pytest.mark.django_db
def test_with_company_currency_eur_the_rep_page_shows_euros(client, settings, today):
    settings.COMPANY_CURRENCY = "EUR"
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae", name="Avery Stone")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    login_person(client, ae)
    page = client.get(f"/people/{ae.id}/quarter/").content.decode()
    assert "€162,500" in page and "€475,000" in page
    assert "$162,500" not in page and "$475,000" not in page


@pytest.mark.django_db
def test_the_rows_csv_keeps_raw_decimals_whatever_the_currency(client, settings, today):
    settings.COMPANY_CURRENCY = "EUR"
    today(date(2023, 9, 15))
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("162500"), close_date=date(2023, 8, 2))
    login_person(client, ae)
    response = client.get(f"/people/{ae.id}/quarter/rows.csv?quarter=FY24-Q3")
    csv = b"".join(response.streaming_content) if response.streaming else response.content
    assert b",162500," in csv and b"\xe2\x82\xac" not in csv


LOCALES = ["en_US", "en_GB", "de_DE", "de_AT", "de_CH", "fr_FR", "ja_JP", "pt_BR", "en_IN"]


@settings_hypothesis(max_examples=300, deadline=None)
@given(
    cents=st.integers(min_value=-(10**13), max_value=10**13),
    locale=st.sampled_from(LOCALES),
    currency=st.sampled_from(["USD", "EUR", "JPY", "CHF", "GBP"]),
)
def test_the_fast_path_writes_what_babel_writes(cents, locale, currency):
    # money() formats common patterns with Python's "," for speed; Babel is the reference.
    found = money_format(locale, currency)
    value = Decimal(cents) / 100
    pattern = found.whole if value == value.to_integral_value() else found.cents
    expected = pattern.apply(value, found.locale, currency=currency, currency_digits=False)
    assert found.apply(value) == expected
