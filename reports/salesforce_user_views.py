"""Imports -> Salesforce users: the org's active users that match no person, proposed as
people; the admin ticks the ones to add, with a role and a manager (salesforce.org_users)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from imports.proposals import AS_IN_SALESFORCE, Chosen
from people.models import Person
from salesforce import org_users

from .import_views import admin_required


def _manager(text: str) -> int | None:
    """The manager field: blank is Salesforce's ManagerId, "none" nobody, else a person."""
    if text == "none":
        return 0
    return int(text) if text.isdigit() else AS_IN_SALESFORCE


def _chosen(post) -> dict[str, Chosen]:
    ticked = [key.removeprefix("add-") for key in post if key.startswith("add-")]
    return {
        user_id: Chosen(
            post.get(f"role-{user_id}", ""), _manager(post.get(f"manager-{user_id}", ""))
        )
        for user_id in ticked
    }


@admin_required
def salesforce_users(request: HttpRequest) -> HttpResponse:
    """See the proposals (GET); add the ticked ones to the roster (POST, nobody on a refusal)."""
    if request.method == "POST":
        try:
            added = org_users.add(_chosen(request.POST), request.user)
        except ValueError as error:
            messages.error(request, f"Nobody added: {error}")
        else:
            messages.success(
                request, f"Added {added} people to the roster; the next sync places their deals."
            )
        return redirect("salesforce_users")
    proposals, inactive = org_users.users_to_add()
    context = {
        "proposals": proposals,
        "inactive": inactive,
        "people_options": list(Person.objects.values_list("id", "name")),
        "role_options": Person._meta.get_field("role").choices,
    }
    return render(request, "reports/imports/salesforce_users.html", context)
