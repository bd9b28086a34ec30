"""The admins' stage weights page (seed 000): each open stage's weight, 0-100 %. A change applies
to every figure computed after it and is in the audit trail (``goals.audit``'s signals). Its
API twin is ``/api/v1/stage-weights/``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goals.models import Role, Stage

from .target_views import plain
from .views import require_role

HUNDRED = Decimal(100)


def parse_weights(data, stages) -> tuple[dict[int, Decimal], list[str]]:
    """Each stage's weight as a fraction from a percentage field, and what was refused."""
    weights, errors = {}, []
    for stage in stages:
        raw = (data.get(f"stage-{stage.number}") or "").strip().rstrip("%").strip()
        try:
            percent = Decimal(raw)
        except InvalidOperation:
            errors.append(f"Stage {stage.number}: {raw!r} is not a percentage")
            continue
        if not percent.is_finite() or not 0 <= percent <= HUNDRED:
            errors.append(f"Stage {stage.number}: a weight is from 0 to 100 %")
            continue
        weights[stage.number] = (percent / HUNDRED).quantize(Decimal("0.0001"))
    return weights, errors


@login_required
def stage_weights(request: HttpRequest) -> HttpResponse:
    """GET: every open stage's weight; POST: save them all (each change audited)."""
    require_role(request, (Role.ADMIN,))
    stages = list(Stage.objects.order_by("number"))
    errors: list[str] = []
    if request.method == "POST":
        weights, errors = parse_weights(request.POST, stages)
        if not errors:
            with transaction.atomic():
                for stage in stages:
                    if stage.weight != weights[stage.number]:
                        stage.weight = weights[stage.number]
                        stage.save()
            messages.success(request, "Stage weights saved.")
            return redirect("stage_weights")
    rows = [(stage, plain(stage.weight * HUNDRED)) for stage in stages]
    context = {"rows": rows, "errors": errors}
    return render(
        request, "reports/admin/stage_weights.html", context, status=400 if errors else 200
    )
