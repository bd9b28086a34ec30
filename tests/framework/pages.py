"""Shared set-up for the framework page tests: an org with leadership, a manager and AEs."""

from datetime import date
from decimal import Decimal

from framework import services
from framework.models import AnnualQuota, Rating
from tests.factories import OpportunityFactory, PersonFactory

FY = 2024


def ae_with_quota(manager, *, closed="450000", quota="500000", level="L3", **fields):
    """An AE under ``manager`` with an FY24 quota and one won deal worth ``closed``."""
    ae = PersonFactory(role="ae", manager=manager, level=level, **fields)
    AnnualQuota.objects.create(person=ae, fiscal_year=FY, amount=Decimal(quota))
    OpportunityFactory(owner=ae, stage="won", amount=Decimal(closed), close_date=date(2023, 6, 1))
    return ae


def submitted_rating(ae, *, dims=("meeting", "meeting"), by=None):
    rating = services.assess_rating(
        Rating(person=ae, fiscal_year=FY),
        by=by,
        rated_by=ae.manager,
        role_scope=dims[0],
        role_scope_examples="Won the Acme POC.",
        team_impact=dims[1],
        team_impact_examples="Mentored an L1.",
    )
    return services.submit_rating(rating, by=by)


def published_rating(ae, *, final_score=3, rationale="", by=None):
    rating = submitted_rating(ae, by=by)
    services.set_final_score(rating, by=by, final_score=final_score, rationale=rationale)
    return services.publish_rating(rating, by=by)
