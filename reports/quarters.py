"""The quarter a page shows, and the quarters its selector offers."""

from django.http import Http404

from goals.calendar import FiscalQuarter, today

FIRST_SELECTABLE = FiscalQuarter(2024, 1)  # FY24 is the first year with targets


def quarter_choices(selected: FiscalQuarter) -> list[FiscalQuarter]:
    """Every quarter from FY24-Q1 to the next one after today, plus the selected one where it
    falls outside (alone: ``?quarter=FY9999-Q4`` must not build 32,000 options)."""
    last = FiscalQuarter.containing(today()).next()
    quarters, quarter = [], FIRST_SELECTABLE
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    if selected not in quarters:
        quarters = sorted([*quarters, selected])
    return quarters


def quarter_or_404(label: str | None) -> FiscalQuarter:
    """The quarter written ``FY24-Q3``, or the one holding today when none; 404 on nonsense."""
    if not label:
        return FiscalQuarter.containing(today())
    try:
        return FiscalQuarter.parse(label)
    except ValueError as error:
        raise Http404(str(error)) from error
