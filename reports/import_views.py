"""The admin's upload pages: upload -> preview (columns picked, changes, errors) -> confirm ->
progress -> summary. Each view parses input, calls one imports service, renders."""

from __future__ import annotations

import csv
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from goals.rows import safe_text
from imports import services as importing
from imports.fields import FIELDS
from imports.models import ImportKind, ImportRun, ImportStatus
from imports.tasks import enqueue_import
from people.selectors import is_admin


class UploadForm(forms.Form):
    kind = forms.ChoiceField(choices=ImportKind.choices, label="What the file holds")
    file = forms.FileField(label="Salesforce export (.csv or .xlsx)")
    date_format = forms.ChoiceField(
        choices=[("", "Detect (ambiguous dates are errors)"), ("MDY", "M/D/Y"), ("DMY", "D/M/Y")],
        required=False,
        label="Date format",
    )

    users = forms.FileField(
        required=False, label="Data loader only: the User file (resolves OwnerId)"
    )
    accounts = forms.FileField(
        required=False, label="Data loader only: the Account file (resolves AccountId)"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = importing.megabytes(settings.MAX_UPLOAD_BYTES)
        self.fields["file"].help_text = f"At most {limit}."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            importing.check_upload_size(upload.name, upload.size)
        except importing.ImportFileError as error:
            raise forms.ValidationError(error.reason) from error
        return upload


class UploadLimit(FileUploadHandler):
    """Stops reading the request body once it passes ``MAX_UPLOAD_BYTES`` (a body sent without
    a Content-Length, or one that lies about it)."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.MAX_UPLOAD_BYTES:
            self.request.upload_refused = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _declared_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def admin_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_admin(request.user, request.person):
            raise PermissionDenied("Only admins import Salesforce exports.")
        return view(request, *args, **kwargs)

    return wrapped


def _enqueue(request: HttpRequest, run: ImportRun) -> None:
    try:
        enqueue_import(run)
    except importing.ImportNotQueued as error:
        messages.error(request, str(error))


@admin_required
@csrf_exempt  # checked by _imports, once the size is known to be acceptable
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a file (POST) or see the form and the recent runs; an upload whose declared size
    is over the limit is refused before its body is read."""
    if request.method == "POST":
        try:
            # The multipart envelope adds a little: refuse only what cannot fit.
            importing.check_upload_size("the upload", _declared_size(request) - 64 * 1024)
        except importing.ImportFileError as error:
            return _index(request, UploadForm(), error.reason, status=413)
        request.upload_handlers.insert(0, UploadLimit(request))
    return _imports(request)


@csrf_protect
def _imports(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if getattr(request, "upload_refused", False):
        limit = importing.megabytes(settings.MAX_UPLOAD_BYTES)
        return _index(request, UploadForm(), f"the file is over the upload limit of {limit}")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = importing.create_upload(
                kind=form.cleaned_data["kind"],
                name=upload.name,
                data=upload.read(),
                user=request.user,
                date_format=form.cleaned_data["date_format"],
                users=form.cleaned_data["users"],
                accounts=form.cleaned_data["accounts"],
            )
        except importing.ImportFileError as error:
            form.add_error(None, str(error))
        else:
            _enqueue(request, run)
            return redirect("import_detail", run_id=run.pk)
    return _index(request, form)


def _index(request, form: UploadForm, error: str = "", status: int = 200) -> HttpResponse:
    runs = ImportRun.objects.defer("data", "errors", "warnings").select_related("user")[:20]
    context = {"form": form, "runs": runs, "refused": error}
    return render(request, "reports/imports/index.html", context, status=status)


@admin_required
def import_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run's preview, progress or summary."""
    run = get_object_or_404(ImportRun.objects.defer("data"), pk=run_id)
    labels = {f.name: f.label for f in FIELDS[run.kind]}
    choices = list(run.columns.values()) + list(run.ignored_columns)
    mapping = [(name, label, run.columns.get(name, "")) for name, label in labels.items()]
    return render(
        request,
        "reports/imports/detail.html",
        {
            "run": run,
            "summary": importing.summary_lines(run, max_errors=0),
            "mapping": mapping,
            "choices": choices,
            "errors": run.errors[:500],
            "warnings": run.warnings[:100],
        },
    )


@admin_required
@require_POST
def import_confirm(request: HttpRequest, run_id: int) -> HttpResponse:
    """Commit a previewed run (optionally the valid rows only)."""
    run = get_object_or_404(ImportRun, pk=run_id, status=ImportStatus.PREVIEWED)
    importing.confirm(run, skip_invalid=request.POST.get("skip_invalid") == "on")
    _enqueue(request, run)
    return redirect("import_detail", run_id=run.pk)


@admin_required
@require_POST
def import_remap(request: HttpRequest, run_id: int) -> HttpResponse:
    """Save the admin's column choices and preview the file again."""
    run = get_object_or_404(ImportRun, pk=run_id, status=ImportStatus.PREVIEWED)
    fields = [f.name for f in FIELDS[run.kind]]
    importing.remap(run, {name: request.POST.get(f"column_{name}", "") for name in fields})
    _enqueue(request, run)
    return redirect("import_detail", run_id=run.pk)


@admin_required
def import_status(request: HttpRequest, run_id: int) -> JsonResponse:
    """The progress bar's data: rows read / validated / written and the status."""
    run = get_object_or_404(ImportRun.objects.defer("data", "errors", "warnings"), pk=run_id)
    total = max(run.rows_in_file, 1)
    percent = 100 if run.finished else min(99, run.rows_validated * 100 // total)
    return JsonResponse(
        {
            "status": run.status,
            "status_display": run.get_status_display(),
            "finished": run.finished,
            "percent": percent,
            "rows_read": run.rows_read,
            "rows_validated": run.rows_validated,
            "rows_written": run.rows_written,
            "rows_in_file": run.rows_in_file,
        }
    )


@admin_required
def import_errors_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    """Every stored row error of a run, as CSV."""
    run = get_object_or_404(ImportRun.objects.defer("data"), pk=run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    response.write("\ufeff")  # issue 19: Excel reads it as UTF-8
    writer = csv.writer(response)
    writer.writerow(["file", "line", "column", "value", "reason"])
    for error in run.errors:
        cells = [str(error[k]) for k in ("file", "line", "column", "value", "reason")]
        writer.writerow([safe_text(cell) for cell in cells])
    return response
