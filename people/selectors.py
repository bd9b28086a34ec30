"""Who is who: the org tree and who may see whom."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Person, Role


def descendants(manager_id: int, links: Iterable[tuple[int, int | None]]) -> set[int]:
    """Everyone below ``manager_id`` in the tree given as (person id, manager id) pairs."""
    children: dict[int | None, list[int]] = {}
    for person_id, parent_id in links:
        children.setdefault(parent_id, []).append(person_id)
    found: set[int] = set()
    stack = list(children.get(manager_id, []))
    while stack:
        person_id = stack.pop()
        if person_id in found:
            continue  # a cycle in bad data must not loop forever
        found.add(person_id)
        stack.extend(children.get(person_id, []))
    found.discard(manager_id)
    return found


def team_ids(manager: Person) -> set[int]:
    """The ids of everyone below ``manager`` in the org tree (one query)."""
    return descendants(manager.id, Person.objects.values_list("id", "manager_id"))


# The attribute ``people.middleware.PersonMiddleware`` leaves on the request's user.
MEMO = "_pacer_person"
# "Not given": callers that hold the person already pass it, None included.
UNKNOWN = object()


def viewer_person(user) -> Person | None:
    """The Person signed in as ``user`` (None for anonymous or an unlinked user); the one
    ``request.person`` holds when ``user`` is the request's."""
    if not user.is_authenticated:
        return None
    found = getattr(user, MEMO, UNKNOWN)
    if found is not UNKNOWN:
        return found
    return Person.objects.filter(user=user).first()


def is_admin(user, person: Person | None) -> bool:
    """Superusers and people whose role is admin."""
    return user.is_superuser or (person is not None and person.role == Role.ADMIN)


def visible_people(user, person: Person | None | object = UNKNOWN) -> QuerySet[Person]:
    """The people a user may see: admins everyone, managers their tree and themselves, a rep
    only themselves (``person``: the user's, when the caller has it already)."""
    if person is UNKNOWN:
        person = viewer_person(user)
    if is_admin(user, person):
        return Person.objects.all()
    if person is None:
        return Person.objects.none()
    if person.role == Role.MANAGER:
        return Person.objects.filter(id__in=team_ids(person) | {person.id})
    return Person.objects.filter(id=person.id)
