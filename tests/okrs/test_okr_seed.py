"""manage.py load_okr_seed: the FY22-Q3 OKRs of seed 002 as an example fixture."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from goals.calendar import FiscalQuarter
from okrs import okrs
from okrs.models import Department, KeyResult, Objective, ObjectiveKeyResult

pytestmark = pytest.mark.django_db

FY22_Q3 = FiscalQuarter(2022, 3)


@pytest.fixture
def seeded(today):
    today(FY22_Q3.end)
    call_command("load_okr_seed", stdout=StringIO())


def key_result(code: str) -> KeyResult:
    return KeyResult.objects.get(fiscal_year=2022, quarter=3, code=code)


def departments_of(code: str) -> list[str]:
    return list(
        ObjectiveKeyResult.objects.filter(key_result=key_result(code))
        .order_by("objective__plan__department__position")
        .values_list("objective__plan__department__name", flat=True)
    )


def test_seed_has_the_eight_departments_in_order(seeded):
    assert list(Department.objects.values_list("name", flat=True)) == [
        "Company",
        "Talent",
        "Sales",
        "Customer Engineering",
        "Product/Engineering",
        "Marketing",
        "Operations (BizOps, Finance, TechOps, Legal)",
        "People Ops",
    ]


def test_seed_counts_objectives_key_results_and_their_places(seeded):
    # Company 3, Talent 3, Sales 4, CE 3, Product/Eng 3, Marketing 3, Ops 3, People Ops 5.
    assert Objective.objects.count() == 27
    # 73 key-result lines in the seed; 18 repeat a key result another department already has.
    assert ObjectiveKeyResult.objects.count() == 73
    assert KeyResult.objects.count() == 55


def test_seed_texts_are_word_for_word(seeded):
    first = Objective.objects.get(plan__department__name="Company", position=0)
    assert first.title == (
        "Bring code search to the largest enterprises (5k+ user, multi-business unit, global)"
    )
    assert first.why.startswith("Moving this to the top because it needs more priority")
    assert key_result("average-score-of-4-strongly-agree").title == (
        'Average score of 4+ ("Strongly agree" = 5, "Agree" = 4) on team survey at end of '
        "quarter, with targeted questions for async culture. (Do mid-quarter survey as well to "
        "get the pulse.)"
    )
    assert key_result("2x-cloud-weekly-activation-rate-to-n7").title == (
        "2x cloud weekly activation rate to N7"
    )


def test_shared_key_results_are_modelled_once_under_each_department(seeded):
    assert departments_of("advance-n4-large-enterprise-opportunities-to-stage") == [
        "Company",
        "Sales",
        "Customer Engineering",
        "Marketing",
    ]
    assert departments_of("generate-n6-new-business-sales-accepted-opportunit") == [
        "Company",
        "Sales",
        "Marketing",
    ]


def test_a_department_keeps_its_own_wording_of_a_shared_key_result(seeded):
    sales = ObjectiveKeyResult.objects.get(
        objective__plan__department__name="Sales",
        key_result__code="generate-n6-new-business-sales-accepted-opportunit",
    )
    assert sales.wording == "Generate N6 New Business SAOs among our target accounts"


def test_hidden_numbers_become_targets_not_set(seeded):
    iarr = key_result("n0-iarr-n1-stretch")
    assert (iarr.target, iarr.target_placeholder, iarr.stretch_placeholder) == (None, "N0", "N1")
    status = okrs.quarter_okrs(FY22_Q3).key_results[iarr.id]
    assert not status.target_set and status.progress is None


def test_seed_links_the_three_sales_data_key_results(seeded):
    linked = dict(KeyResult.objects.exclude(link="").values_list("code", "link"))
    assert linked == {
        "generate-n6-new-business-sales-accepted-opportunit": "target_account_saos",
        "advance-n4-large-enterprise-opportunities-to-stage": "large_enterprise_stage_4",
        "land-n2-large-enterprise-logos-n3": "large_enterprise_logos",
    }


def test_loading_twice_changes_nothing_and_keeps_a_target_an_admin_set(seeded):
    KeyResult.objects.filter(code="n0-iarr-n1-stretch").update(target=Decimal(2_000_000))
    call_command("load_okr_seed", stdout=StringIO())
    assert (Objective.objects.count(), ObjectiveKeyResult.objects.count()) == (27, 73)
    assert key_result("n0-iarr-n1-stretch").target == Decimal(2_000_000)
