"""The people part of ``/api/v1/``, and what every API view shares: the scope of who may see
whom (``ScopedViewSet``) and id parameters."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import SimpleRouter

from .middleware import person_of
from .models import Person, Role
from .permissions import AdminWrites
from .selectors import team_ids, visible_people

ID_PATTERN = r"[0-9]{1,18}"


class ScopedViewSet(viewsets.GenericViewSet):
    """A viewset whose rows are only those tied to people the caller may see."""

    permission_classes = [AdminWrites]
    lookup_value_regex = ID_PATTERN
    # How a row reaches the people who may see it; None means not personal (everyone reads).
    # Left empty, a viewset shows nothing: forgetting the scope must not show everything.
    scope_fields: tuple[str, ...] | None = ()

    def get_queryset(self):
        rows = self.queryset.all()
        if self.scope_fields is None:
            return rows
        if not self.scope_fields:
            return rows.none()
        people = visible_people(self.request.user, person_of(self.request))
        scope = Q()
        for field in self.scope_fields:
            scope |= Q(**{f"{field}__in": people})
        return rows.filter(scope)


MAX_ID = 2**63 - 1


class IdFilter(filters.Filter):
    """A whole-number id; out-of-range or fractional input is a 400, never a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "email",
            "role",
            "sdr_segment",
            "level",
            "manager",
            "start_date",
            "ramp_year",
            "salesforce_id",
            "is_active",
        ]

    def validate(self, attrs):
        role = attrs.get("role", getattr(self.instance, "role", None))
        segment = attrs.get("sdr_segment", getattr(self.instance, "sdr_segment", ""))
        if role == Role.SDR and not segment:
            raise serializers.ValidationError({"sdr_segment": ["An SDR needs a segment."]})
        if role != Role.SDR and segment:
            raise serializers.ValidationError({"sdr_segment": ["Only an SDR has a segment."]})
        manager = attrs.get("manager")
        if manager is not None and self.instance is not None and _manages(self.instance, manager):
            raise serializers.ValidationError(
                {"manager": ["A person cannot report to themselves or to their own report."]}
            )
        return attrs


def _manages(person: Person, candidate: Person) -> bool:
    """Whether ``candidate`` is ``person`` or below them (so would make a cycle)."""
    return candidate.id == person.id or candidate.id in team_ids(person)


class PersonFilter(filters.FilterSet):
    segment = filters.ChoiceFilter(
        field_name="sdr_segment", choices=Person._meta.get_field("sdr_segment").choices
    )
    manager = IdFilter(field_name="manager_id")

    class Meta:
        model = Person
        fields = ["role", "segment", "manager", "is_active"]


class PersonViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedViewSet,
):
    """People (filter by role, segment, manager). Admins add and change them; nobody deletes
    (set ``is_active`` to false instead, so their history stays)."""

    queryset = Person.objects.order_by("name", "id")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    scope_fields = ("id",)


router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
urlpatterns = router.urls
