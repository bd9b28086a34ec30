"""OKR pages: a quarter's OKRs, a check-in, the target-account upload. Each view parses its
input, calls one selector or service and renders."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from goals.calendar import FiscalQuarter, today
from imports.limits import UploadLimitError, check_text_rows
from okrs import okrs
from okrs.models import KeyResult, TargetAccount
from people.selectors import is_admin

from .okr_charts import confidence_chart, progress_chart
from .quarters import quarter_or_404


class CheckInForm(forms.Form):
    value = forms.DecimalField(required=False, max_digits=16, decimal_places=4)
    done = forms.BooleanField(required=False)
    confidence = forms.IntegerField(min_value=0, max_value=10)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TargetAccountUploadForm(forms.Form):
    file = forms.FileField(label="Target accounts (CSV)")


@login_required
def okr_quarter(request: HttpRequest, quarter: str | None = None) -> HttpResponse:
    """Departments, objectives and key results of a quarter, with progress and confidence."""
    offered = okrs.okr_quarters()
    selected = quarter_or_404(quarter) if quarter else opening_quarter(offered)
    result = okrs.quarter_okrs(selected)
    return render(
        request,
        "reports/okrs/quarter.html",
        {
            "result": result,
            "quarter": selected,
            "quarters": sorted(set(offered) | {selected}),
            "sections": [
                (department, f"progress-{index}", progress_chart(department))
                for index, department in enumerate(result.departments, start=1)
            ],
            "confidence_chart": confidence_chart(result) if result.as_of else None,
            "can_check_in": okrs.open_for_check_in(request.user, result),
            "form": CheckInForm(),
            "is_admin": is_admin(request.user, request.person),
            "target_accounts": TargetAccount.objects.count(),
        },
    )


@login_required
@require_POST
def check_in(request: HttpRequest, key_result_id: int) -> HttpResponse:
    """Record a check-in on a key result for today."""
    key_result = get_object_or_404(KeyResult, id=key_result_id)
    if not okrs.can_check_in(request.user, key_result):
        raise PermissionDenied
    quarter = FiscalQuarter(key_result.fiscal_year, key_result.quarter)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            okrs.record_check_in(
                key_result=key_result, author=request.user, day=today(), **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Check-in recorded.")
    else:
        messages.error(request, "Check-in not recorded: confidence is a whole number 0 to 10.")
    return redirect(quarter_url(quarter))


def opening_quarter(offered: list[FiscalQuarter]) -> FiscalQuarter:
    """The quarter /okrs/ opens on: today's when it has OKRs, else the latest one before it
    that has some (issue 17: not an empty quarter), else today's."""
    current = FiscalQuarter.containing(today())
    earlier = [quarter for quarter in offered if quarter <= current]
    return current if current in offered or not earlier else earlier[-1]


def quarter_url(quarter: FiscalQuarter) -> str:
    return reverse("okr_quarter", kwargs={"quarter": quarter.label})


@login_required
def target_accounts(request: HttpRequest) -> HttpResponse:
    """An admin replaces the target-account list with a CSV upload."""
    if not is_admin(request.user, request.person):
        raise PermissionDenied
    form = TargetAccountUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:  # issue 19: refused before it is read
            messages.error(
                request,
                f"{upload.name} is {upload.size:,} bytes, over the upload limit of "
                f"{settings.MAX_UPLOAD_BYTES:,} (MAX_UPLOAD_BYTES): nothing was changed.",
            )
            return redirect("okr_target_accounts")
        text = upload.read().decode("utf-8-sig", errors="replace")
        result = bounded_target_accounts(text)
        if result.errors:
            for error in result.errors:
                messages.error(request, error)
        else:
            messages.success(request, f"{result.accounts} target accounts loaded.")
            return redirect("okr_target_accounts")
    return render(
        request,
        "reports/okrs/target_accounts.html",
        {"form": form, "accounts": TargetAccount.objects.all()},
    )


def bounded_target_accounts(text: str) -> okrs.AccountImport:
    """Issue 19: the limits of every upload (rows, columns, cell length, NUL) before the list
    is replaced; a refused file changes nothing."""
    try:
        check_text_rows(text)
    except UploadLimitError as error:
        return okrs.AccountImport(0, (f"line {error.line}: {error.reason}",))
    return okrs.import_target_accounts(text)
