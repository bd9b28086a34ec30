"""The admins' column mappings page: per kind of file, which column feeds each field. Saving
writes through ``imports.column_mappings``; a preview's column choices write the same rows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from imports.column_mappings import column_mappings, column_mappings_save
from imports.fields import FIELDS
from imports.models import ImportKind
from people.models import Role

from .views import require_role


@login_required
def column_mappings_page(request: HttpRequest) -> HttpResponse:
    """See and change the saved column of each field, one kind of file per form."""
    require_role(request, (Role.ADMIN,))
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        columns = {f.name: request.POST.get(f"column_{f.name}", "") for f in FIELDS.get(kind, ())}
        try:
            changed = column_mappings_save(kind=kind, columns=columns)
        except ValueError as error:
            messages.error(request, f"Nothing saved: {error}")
        else:
            messages.success(request, f"{ImportKind(kind).label}: {changed} column(s) changed.")
        return redirect("column_mappings")
    saved = column_mappings()
    kinds = [
        (kind, label, [(f, saved[kind].get(f.name, "")) for f in FIELDS[kind]])
        for kind, label in ImportKind.choices
    ]
    return render(request, "reports/admin/column_mappings.html", {"kinds": kinds})
