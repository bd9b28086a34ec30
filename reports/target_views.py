"""The admins' targets page: one quarter's role and segment targets in one grid, RULES.md's
proposal where a cell has none, saved as a draft and then published."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goals import targets
from goals.target_rules import TargetKey, describe_effect
from people.models import Role, SdrSegment

from .quarters import quarter_choices, quarter_or_404
from .views import require_role


def cell_name(key: TargetKey) -> str:
    """The form field of one grid cell: ``t-closed_won_acv-ae-`` / ``t-saos-sdr-inbound``."""
    return "t-" + "-".join(key)


def parse_cells(data, keys) -> tuple[dict[TargetKey, Decimal | None], list[str]]:
    """The grid's cells from a form (blank: no target), and what was not a number."""
    cells, errors = {}, []
    for key in keys:
        raw = (data.get(cell_name(key)) or "").strip().replace(",", "")
        if not raw:
            cells[key] = None
            continue
        try:
            cells[key] = Decimal(raw)
        except InvalidOperation:
            errors.append(f"{key[0]} ({key[2] or key[1]}): {raw!r} is not a number")
    return cells, errors


def plain(value: Decimal | None) -> str:
    """A target as an admin types it: ``1000000``, ``32``, ``12.5``; blank for none."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _rows(page: targets.QuarterTargets) -> list[dict]:
    """The grid as rows for the template: the AE row, then one row per SDR segment."""
    segments = [("ae", "", "Account Executives")] + [
        ("sdr", value, f"SDR · {label}") for value, label in SdrSegment.choices
    ]
    rows = []
    for role, segment, label in segments:
        keys = [key for key in page.keys if key[1] == role and key[2] == segment]
        cells = [
            {
                "key": key,
                "name": cell_name(key),
                "metric": page.metrics[key[0]],
                "value": plain(page.cells.get(key)),
                "proposed": key in page.proposed,
                "published": plain(page.published.get(key)),
            }
            for key in keys
        ]
        rows.append({"role": role, "segment": segment, "label": label, "cells": cells})
    return rows


@login_required
def target_grid(request: HttpRequest) -> HttpResponse:
    """GET: the quarter's grid; POST ``action=save`` saves it as a draft, ``action=publish``
    saves and publishes it."""
    require_role(request, (Role.ADMIN,))
    quarter = quarter_or_404(request.GET.get("quarter") or request.POST.get("quarter"))
    page = targets.quarter_targets(quarter)
    errors: list[str] = []
    if request.method == "POST":
        cells, errors = parse_cells(request.POST, page.keys)
        if not errors:
            try:
                targets.targets_save_draft(quarter=quarter, cells=cells)
                if request.POST.get("action") == "publish":
                    publication = targets.targets_publish(quarter=quarter, user=request.user)
                    messages.success(request, f"{quarter} published: {publication.effect}.")
                else:
                    messages.success(request, f"{quarter} saved as a draft (not published).")
                return redirect(f"{request.path}?quarter={quarter.label}")
            except targets.TargetError as error:
                errors = [str(error)]
    effect = None
    if page.has_draft:
        effect = describe_effect(targets.targets_effect(quarter, targets.draft_grid(quarter)))
    context = {
        "quarter": quarter,
        "quarters": quarter_choices(quarter),
        "page": page,
        "rows": _rows(page),
        "errors": errors,
        "effect": effect,
    }
    return render(request, "reports/admin/targets.html", context, status=400 if errors else 200)
