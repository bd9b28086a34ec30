"""Template filters for figures: money, counts and percentages, by the metric's unit."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from display.money import money
from goals.rows import rounded

register = template.Library()


@register.filter
def figure(value: Decimal | None, unit: str = "count") -> str:
    """Format a figure for its unit; a missing figure shows as an em dash."""
    if value is None:
        return "—"
    value = rounded(value)
    if unit == "currency":
        return money(value)
    if unit == "percent":
        return f"{value}%"
    return intcomma(value)


@register.filter
def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{rounded(value)}%"


@register.filter
def metric_label(code: str, metrics: dict) -> str:
    return metrics[code].label if code in metrics else code


@register.filter
def stage_label(stage: str) -> str:
    """``3`` → ``Stage 3``; ``won``/``lost`` → ``Closed Won``/``Closed Lost``."""
    return {"won": "Closed Won", "lost": "Closed Lost"}.get(stage, f"Stage {stage}")


@register.filter
def weight_percent(weight: Decimal | None) -> str:
    return "—" if weight is None else f"{rounded(weight * 100)}%"


@register.filter
def sort_key(value: Decimal | None) -> str:
    """A number for ``data-sort`` (table sorting); empty when there is none."""
    return "" if value is None else str(value)


@register.filter
def attainment_class(f) -> str:
    """The colour class of a figure's attainment cell (the cell also says it in words)."""
    if f is None or f.target is None or f.value is None:
        return "att-none"
    if not f.below:
        return "att-met"
    return "att-below" if f.behind_pace else "att-pace"


@register.filter
def attainment_state(f) -> SafeString:
    """The figure's state in words, beside its colour: no target or value, target met, or
    below target on or behind pace."""
    if f is None or f.target is None:
        css, words = "none", "No target"
    elif f.value is None:
        css, words = "none", "No value"
    elif not f.below:
        css, words = "met", "✓ Target met"
    elif f.behind_pace:
        css, words = "below", "▼ Below target, behind pace"
    else:
        css, words = "pace", "● Below target, on pace"
    return format_html('<span class="state {}">{}</span>', css, words)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def figure_for(result, code: str):
    return result.figure(code)


DEAL_ROW = (
    '<tr><th scope="row">{}</th><td data-label="Account">{}</td><td data-label="Stage">{}</td>'
    '<td class="num" data-label="Amount">{}</td><td class="num" data-label="Weight">{}</td>'
    '<td class="num" data-label="Weighted amount">{}</td><td data-label="Date counted">{}</td></tr>'
)


@register.simple_tag
def deal_rows(deals) -> SafeString:
    """The rows of a deals table: opportunity, account, stage, amount, weight, weighted amount
    and date. One tag, because a template loop costs about ten times as much per cell (the
    rep page lists a hundred deals)."""
    if not deals:
        return format_html('<tr><td colspan="7">{}</td></tr>', "Nothing counts yet.")
    return format_html_join(
        "",
        DEAL_ROW,
        (
            (
                deal.name,
                deal.row.account,
                stage_label(deal.row.stage),
                figure(deal.row.amount, "currency"),
                weight_percent(deal.row.weight),
                figure(deal.row.weighted_amount, "currency"),
                deal.row.on.isoformat() if deal.row.on else "",
            )
            for deal in deals
        ),
    )


_CLOSE_CELLS = (
    '<th scope="row">{}</th><td data-label="Account">{}</td>'
    '<td data-label="Stage">{} ({})</td><td class="num" data-label="Amount">{}</td>'
    '<td class="num" data-label="Weighted amount">{}</td><td data-label="Close date">{}'
)
CLOSE_ROW = "<tr>" + _CLOSE_CELLS + "</td></tr>"
PAST_DUE_ROW = (
    '<tr class="past-due">'
    + _CLOSE_CELLS
    + ' <span class="past-due-mark"><span class="symbol" aria-hidden="true">!</span> past due'
    "</span></td></tr>"
)
SALESFORCE_LINK = (
    '<a href="{}" rel="noopener" target="_blank">{}'
    '<span class="sr-only"> (opens Salesforce)</span></a>'
)
TIMELINE_LINK = (
    '{} <a href="{}" class="timeline-link">history<span class="sr-only"> of {}</span></a>'
)


@register.simple_tag
def close_rows(deals) -> SafeString:
    """The rows of the deals-to-close table (``reports.closing.DealToClose``): the deal (linked
    to Salesforce when its instance is set, and to its history), account, stage and weight,
    amount, weighted amount and close date, past-due ones marked. One tag, as ``deal_rows``."""
    return format_html_join("", "{}", ((_close_row(deal),) for deal in deals))


def _close_row(deal) -> SafeString:
    name = deal.name or "(no name)"
    if deal.salesforce_url:
        name = format_html(SALESFORCE_LINK, deal.salesforce_url, name)
    if deal.external_id:
        url = reverse("deal_timeline", args=[deal.external_id])
        name = format_html(TIMELINE_LINK, name, url, deal.name or "this deal")
    row = deal.row
    return format_html(
        PAST_DUE_ROW if deal.past_due else CLOSE_ROW,
        name,
        row.account,
        stage_label(row.stage),
        weight_percent(row.weight),
        figure(row.amount, "currency"),
        figure(row.weighted_amount, "currency"),
        row.on.isoformat() if row.on else "",
    )
