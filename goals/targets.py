"""A quarter's role targets on Pacer's pages: read the grid (or RULES.md's proposal), save it as
a draft, publish it with its effect on the coaching flags.

Reads and writes here; the rules (the proposal, the flag changes) are ``goals.target_rules``.
Every ``Target`` save is in the audit trail by django-auditlog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction

from people.models import Person, Role, SdrSegment

from . import rules, target_rules
from .calendar import FiscalQuarter, today
from .models import Metric, Target, TargetPublication
from .selectors import coaching_basis, figures_as_of, person_facts, quarter_inputs
from .target_rules import FlagChange, TargetGrid, TargetKey


class TargetError(ValueError):
    """A grid that cannot be saved, with a message for the admin."""


@dataclass(frozen=True)
class QuarterTargets:
    """What the targets page shows for one quarter.

    ``state``: ``none`` (no targets at all), ``draft`` (never published), ``changed``
    (published, with draft changes) or ``published``. ``cells`` holds every target (a draft's
    value where there is one) and, for the keys in ``proposed``, RULES.md's proposal.
    """

    quarter: FiscalQuarter
    state: str
    cells: dict[TargetKey, Decimal]
    proposed: frozenset[TargetKey]
    published: dict[TargetKey, Decimal]
    keys: tuple[TargetKey, ...]
    metrics: dict[str, Metric]
    publications: tuple[TargetPublication, ...]

    @property
    def has_draft(self) -> bool:
        return self.state in ("draft", "changed")


def grid_keys(metrics: Sequence[Metric]) -> tuple[TargetKey, ...]:
    """Every cell of the grid: AE metrics, then SDR metrics per segment."""
    keys = [(m.code, Role.AE.value, "") for m in metrics if m.role == Role.AE]
    for segment in SdrSegment.values:
        keys += [(m.code, Role.SDR.value, segment) for m in metrics if m.role == Role.SDR]
    return tuple(keys)


def _key(target: Target) -> TargetKey:
    return (target.metric_id, target.role, target.sdr_segment)


def _quarter_rows(quarters: Sequence[FiscalQuarter]) -> dict[FiscalQuarter, list[Target]]:
    found: dict[FiscalQuarter, list[Target]] = {quarter: [] for quarter in quarters}
    years = {quarter.year for quarter in quarters}
    for target in Target.objects.filter(fiscal_year__in=years):
        quarter = FiscalQuarter(target.fiscal_year, target.quarter)
        if quarter in found:
            found[quarter].append(target)
    return found


def published_grid(rows: Sequence[Target]) -> dict[TargetKey, Decimal]:
    return {_key(t): t.value for t in rows if t.published}


def proposal(quarter: FiscalQuarter, metrics: Sequence[Metric]) -> dict[TargetKey, Decimal]:
    """RULES.md's proposal for ``quarter`` from the published targets before it (one query)."""
    prior, before = target_rules.proposal_sources(quarter)
    rows = _quarter_rows([q for q in (prior, before) if q is not None])
    kinds = {m.code: m.kind for m in metrics}
    before_grid = published_grid(rows[before]) if before else {}
    return target_rules.propose_targets(quarter, published_grid(rows[prior]), before_grid, kinds)


def quarter_targets(quarter: FiscalQuarter) -> QuarterTargets:
    """The grid of ``quarter`` for an admin, in a fixed number of queries: its targets (drafts
    included), and RULES.md's proposal in every cell that has none."""
    metrics = list(Metric.objects.filter(role__in=(Role.AE, Role.SDR)).order_by("position"))
    rows = _quarter_rows([quarter])[quarter]
    cells = {_key(t): t.draft_value if t.draft_value is not None else t.value for t in rows}
    proposed = {
        key: value for key, value in proposal(quarter, metrics).items() if key not in cells
    }
    if not rows:
        state = "none"
    elif not any(t.published for t in rows):
        state = "draft"
    elif any(t.draft_value is not None or not t.published for t in rows):
        state = "changed"
    else:
        state = "published"
    publications = TargetPublication.objects.filter(
        fiscal_year=quarter.year, quarter=quarter.number
    ).select_related("published_by")[:10]
    return QuarterTargets(
        quarter=quarter,
        state=state,
        cells=cells | proposed,
        proposed=frozenset(proposed),
        published=published_grid(rows),
        keys=grid_keys(metrics),
        metrics={m.code: m for m in metrics},
        publications=tuple(publications),
    )


@transaction.atomic
def targets_save_draft(*, quarter: FiscalQuarter, cells: Mapping[TargetKey, Decimal | None]):
    """Save the admin's grid as the quarter's draft: nothing counts until it is published.

    A blank cell removes a draft target; a published target cannot be blanked (RULES.md: a
    metric with no target is not missed, so removing one is a decision to publish, not a draft).
    """
    existing = {_key(t): t for t in Target.objects.filter(**_where(quarter))}
    metrics = {m.code: m for m in Metric.objects.all()}
    for key, value in cells.items():
        metric, role, segment = key
        if metric not in metrics or metrics[metric].role != role:
            raise TargetError(f"{metric} is not a metric of the {role} role")
        if value is not None and value < 0:
            raise TargetError(f"{metric} ({segment or role}): a target cannot be negative")
        target = existing.get(key)
        if target is None:
            if value is not None:
                Target.objects.create(
                    **_where(quarter),
                    metric_id=metric,
                    role=role,
                    sdr_segment=segment,
                    value=value,
                    published=False,
                )
        elif not target.published:
            _save_unpublished(target, value)
        elif value is None:
            label = f"{metrics[metric].label} ({segment or role})"
            raise TargetError(f"{label} is published: it can be changed, not left blank")
        else:
            target.draft_value = None if value == target.value else value
            target.save()


def _save_unpublished(target: Target, value: Decimal | None) -> None:
    if value is None:
        target.delete()
    elif value != target.value:
        target.value = value
        target.save()


def _where(quarter: FiscalQuarter) -> dict[str, int]:
    return {"fiscal_year": quarter.year, "quarter": quarter.number}


def draft_grid(quarter: FiscalQuarter) -> dict[TargetKey, Decimal]:
    """The targets the quarter would have once its draft is published."""
    return {
        _key(t): t.draft_value if t.draft_value is not None else t.value
        for t in Target.objects.filter(**_where(quarter))
    }


def targets_effect(quarter: FiscalQuarter, grid: TargetGrid) -> list[FlagChange] | None:
    """Whose coaching flag ``grid`` as the quarter's targets would turn on or off, computed
    by the engine before and after on the same data; None when the quarter has no figures."""
    day = figures_as_of(quarter)
    if day is None:
        return None
    people = Person.objects.filter(role__in=(Role.AE, Role.SDR), is_active=True)
    facts = person_facts(people)
    live = day == today()
    inputs = quarter_inputs(facts, quarter, day)
    before = rules.compute_quarter(inputs, quarter, day, live=live)
    book = target_rules.book_with_grid(inputs.targets, quarter, grid)
    after = rules.compute_quarter(replace(inputs, targets=book), quarter, day, live=live)
    return target_rules.flag_changes(before, after, coaching_basis())


@transaction.atomic
def targets_publish(*, quarter: FiscalQuarter, user) -> TargetPublication:
    """Publish the quarter's draft: its targets count from now on; the publication records
    who, when, what changed and whose coaching flag it turned (the audit trail has each row)."""
    rows = list(Target.objects.select_for_update().filter(**_where(quarter)))
    pending = [t for t in rows if not t.published or t.draft_value is not None]
    if not pending:
        raise TargetError(f"{quarter} has no draft to publish")
    grid = {_key(t): t.draft_value if t.draft_value is not None else t.value for t in rows}
    changes = targets_effect(quarter, grid)
    changed = []
    for target in pending:
        before = str(target.value) if target.published else None
        if target.draft_value is not None:
            target.value, target.draft_value = target.draft_value, None
        target.published = True
        target.save()
        changed.append(
            {
                "metric": target.metric_id,
                "role": target.role,
                "sdr_segment": target.sdr_segment,
                "before": before,
                "after": str(target.value),
            }
        )
    return TargetPublication.objects.create(
        **_where(quarter),
        published_by=user,
        effect=target_rules.describe_effect(changes),
        changes=changed,
        flag_changes=[
            {"person_id": c.person.id, "name": c.person.name, "flagged": c.flagged_after}
            for c in changes or ()
        ],
    )
