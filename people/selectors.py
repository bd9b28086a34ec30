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


def viewer_person(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def is_admin(user, person: Person | None) -> bool:
    return user.is_superuser or (person is not None and person.role == Role.ADMIN)


def visible_people(user) -> QuerySet[Person]:
    """The people a user may see: admins everyone, managers their tree and themselves, a rep
    only themselves."""
    person = viewer_person(user)
    if is_admin(user, person):
        return Person.objects.all()
    if person is None:
        return Person.objects.none()
    if person.role == Role.MANAGER:
        return Person.objects.filter(id__in=team_ids(person) | {person.id})
    return Person.objects.filter(id=person.id)
