"""The admins' roster pages: people (add, edit, deactivate), their annual quotas and their
quarter target overrides (with a reason), one at a time or by a quota upload."""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from framework import quotas
from framework.models import AnnualQuota
from goals import overrides, people_services
from goals.adjustments import target_adjustments
from goals.models import Metric
from people.models import Person, Role

from . import quota_import
from .quarters import quarter_choices, quarter_or_404
from .views import require_role


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "role", "sdr_segment", "level", "manager", "start_date"]
        fields += ["ramp_year"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"ramp_year": "The fiscal year they ramp in, e.g. 2024 for FY24."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        managers = Person.objects.filter(is_active=True, role__in=(Role.MANAGER, Role.ADMIN))
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        self.fields["manager"].queryset = managers

    def clean(self):
        data = super().clean()
        problem = people_services.segment_problem(data.get("role", ""), data.get("sdr_segment", ""))
        if problem:
            self.add_error("sdr_segment", problem)
        return data


class QuotaForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(coerce=int, label="Fiscal year")
    amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))

    def __init__(self, *args, years=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, f"FY{y % 100:02d}") for y in years]


class OverrideForm(forms.Form):
    metric = forms.ModelChoiceField(queryset=Metric.objects.none(), to_field_name="code")
    value = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, label="Target")
    reason = forms.CharField(max_length=200, help_text="Shown on the person's page.")

    def __init__(self, *args, role="", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.filter(role=role).order_by("position")


def _admin(request: HttpRequest) -> None:
    require_role(request, (Role.ADMIN,))


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    """Everyone on the roster, active first, with their manager."""
    _admin(request)
    people = Person.objects.select_related("manager").order_by("-is_active", "name")
    return render(request, "reports/admin/roster.html", {"people": people})


def _save_person(request, person: Person) -> HttpResponse | PersonForm:
    """Save the posted person and redirect to them, or the form with its errors."""
    form = PersonForm(request.POST, instance=person)
    if not form.is_valid():
        return form
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        people_services.person_save(person=person, values=values, user=request.user)
    except people_services.PersonError as error:
        form.add_error(None, str(error))
        return form
    messages.success(request, f"{person.name} saved.")
    return redirect("roster_person", person_id=person.id)


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    """Add a person to the roster."""
    _admin(request)
    form, status = PersonForm(), 200
    if request.method == "POST":
        answer = _save_person(request, Person())
        if isinstance(answer, HttpResponse):
            return answer
        form, status = answer, 400
    return render(request, "reports/admin/person_new.html", {"form": form}, status=status)


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person: their details, annual quotas and the quarter's target overrides."""
    _admin(request)
    person = get_object_or_404(Person, id=person_id)
    quarter = quarter_or_404(request.GET.get("quarter") or request.POST.get("quarter"))
    forms_shown = {
        "form": PersonForm(instance=person),
        "quota_form": QuotaForm(years=_years(quarter)),
        "override_form": OverrideForm(role=person.role),
    }
    status = 200
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            raise Http404("no such action")
        answer = action(request, person, quarter)
        if isinstance(answer, HttpResponse):
            return answer
        forms_shown |= answer
        status = 400
    context = forms_shown | {
        "person": person,
        "quarter": quarter,
        "quarters": quarter_choices(quarter),
        "quotas": AnnualQuota.objects.filter(person=person).order_by("fiscal_year"),
        "adjustments": target_adjustments([person.id], quarter).get(person.id, {}),
    }
    return render(request, "reports/admin/person_edit.html", context, status=status)


def _person_action(request, person, quarter):
    answer = _save_person(request, person)
    return answer if isinstance(answer, HttpResponse) else {"form": answer}


def _deactivate_action(request, person, quarter):
    people_services.person_deactivate(person=person, user=request.user)
    messages.success(request, f"{person.name} is no longer active.")
    return redirect("roster")


def _quota_action(request, person, quarter):
    form = QuotaForm(request.POST, years=_years(quarter))
    if not form.is_valid():
        return {"quota_form": form}
    try:
        quotas.quota_set(person=person, **form.cleaned_data)
    except quotas.QuotaError as error:
        form.add_error(None, str(error))
        return {"quota_form": form}
    messages.success(request, "Annual quota saved.")
    return redirect(_here(person, quarter))


def _override_action(request, person, quarter):
    form = OverrideForm(request.POST, role=person.role)
    if not form.is_valid():
        return {"override_form": form}
    try:
        overrides.override_set(
            person=person, quarter=quarter, user=request.user, **form.cleaned_data
        )
    except overrides.OverrideError as error:
        form.add_error(None, str(error))
        return {"override_form": form}
    messages.success(request, f"{quarter} target adjusted for {person.name}.")
    return redirect(_here(person, quarter))


def _remove_override_action(request, person, quarter):
    overrides.override_remove(person=person, quarter=quarter, metric=request.POST.get("metric", ""))
    return redirect(_here(person, quarter))


ACTIONS = {
    "person": _person_action,
    "deactivate": _deactivate_action,
    "quota": _quota_action,
    "override": _override_action,
    "remove_override": _remove_override_action,
}


def _years(quarter) -> list[int]:
    return [quarter.year - 1, quarter.year, quarter.year + 1]


def _here(person: Person, quarter) -> str:
    return f"/people/{person.id}/edit/?quarter={quarter.label}"


class QuotaUploadForm(forms.Form):
    file = forms.FileField(label="Quota file (.csv or .xlsx): person, period, metric, amount")


@login_required
def quota_upload(request: HttpRequest) -> HttpResponse:
    """Upload -> preview (every change, or every error by file, line and column) -> confirm.
    The preview carries the file itself, so confirming commits exactly what was previewed."""
    _admin(request)
    context: dict = {"form": QuotaUploadForm()}
    if request.method != "POST":
        return render(request, "reports/admin/quota_upload.html", context)
    if "confirm" in request.POST:
        name, data = _carried(request)
        plan = quota_import.read_quotas(data, name)
        if not plan.errors:
            written = quota_import.quotas_commit(plan, user=request.user)
            messages.success(request, f"{name}: {written} quotas and targets saved.")
            return redirect("roster")
    else:
        form = QuotaUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "reports/admin/quota_upload.html", {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        name, data = upload.name, upload.read()
        plan = quota_import.read_quotas(data, name)
    context.update(plan=plan, file_name=name, carried=base64.b64encode(data).decode())
    status = 400 if plan.errors else 200
    return render(request, "reports/admin/quota_upload.html", context, status=status)


def _carried(request: HttpRequest) -> tuple[str, bytes]:
    try:
        data = base64.b64decode(request.POST.get("carried", ""), validate=True)
    except (binascii.Error, ValueError) as error:
        raise Http404("the previewed file did not come back: upload it again") from error
    return request.POST.get("file_name", "quotas.csv")[:200], data
