"""The Salesforce page (issue 16, admins only): connect an org, test the connection, pick the SAO
and SDR fields from the org's own list, sync now, and the last syncs. Each action calls one
salesforce function; saving is audited by django-auditlog (the secrets' values excluded)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from salesforce import client, org_check, vault
from salesforce.connection import connection_save, current, secrets_set, stored
from salesforce.models import Sync
from salesforce.tasks import SyncNotQueued, enqueue_sync

from .import_views import admin_required
from .salesforce_form import ConnectionForm, initial

SHOWN_SYNCS = 20


@admin_required
@require_http_methods(["GET", "POST"])
def salesforce_page(request: HttpRequest) -> HttpResponse:
    """GET: the connection and the last syncs. POST ``action``: ``save`` the form, ``test``
    the saved connection, ``fields`` (the org's Opportunity fields to pick from), ``sync``."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "sync":
        return _sync_now(request)
    row = stored()
    conn = current(row, secrets=False)
    form = ConnectionForm(initial=initial(conn), conn=conn, secrets_state=secrets_set(row))
    context: dict = {}
    if action == "save":
        form = ConnectionForm(request.POST, conn=conn, secrets_state=secrets_set(row))
        if form.is_valid():
            connection_save(values=form.values(), secrets=form.secrets(), cleared=form.cleared())
            messages.success(request, "Salesforce connection saved.")
            return redirect("salesforce")
    elif action == "test":
        context["check"], context["check_error"] = _ask(org_check.check_connection)
    elif action == "fields":
        choices, context["fields_error"] = _ask(org_check.opportunity_field_choices)
        if choices is not None:
            form.offer_fields(choices.sao, choices.sdr)
            context["choices"] = choices
    return _render(request, form, row, context, status=400 if form.errors else 200)


def _ask(question):
    """(the org's answer, None), or (None, the refusal in words)."""
    try:
        return question(), None
    except (client.SyncRefused, vault.SecretUnreadable) as error:
        return None, str(error)


def _sync_now(request: HttpRequest) -> HttpResponse:
    if not client.configured():
        messages.error(request, "Connect an org first: nothing was synced.")
        return redirect("salesforce")
    try:
        enqueue_sync()
    except SyncNotQueued as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Sync queued: it shows below when it starts.")
    return redirect("salesforce")


def _render(request, form, row, context: dict, status: int) -> HttpResponse:
    syncs = list(Sync.objects.order_by("-started_at", "-id")[:SHOWN_SYNCS])
    context |= {
        "form": form,
        "row": row,
        "secrets": secrets_set(row),
        "keys_source": vault.keys_source(),
        "syncs": [(sync, _duration(sync)) for sync in syncs],
    }
    return render(request, "reports/salesforce.html", context, status=status)


def _duration(sync: Sync) -> str:
    if sync.finished_at is None:
        return "running"
    seconds = max(0, round((sync.finished_at - sync.started_at).total_seconds()))
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
