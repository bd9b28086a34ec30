"""Reference rows are written with explicit keys; the next row added must not collide."""

import pytest

from goals.models import Target


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_new_target_after_the_reference_data_gets_a_fresh_id():
    target = Target.objects.create(
        fiscal_year=2024, quarter=4, metric_id="closed_won_acv", role="ae", value=1
    )
    assert target.id > max(Target.objects.exclude(id=target.id).values_list("id", flat=True))
