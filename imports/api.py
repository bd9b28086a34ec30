"""The imports part of ``/api/v1/``: upload a Salesforce export, preview it, confirm it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from people.api import ScopedViewSet
from people.permissions import caller_is_admin

from . import services as importing
from .models import ImportKind, ImportRun, ImportStatus
from .tasks import enqueue_import


class ImportRunSerializer(serializers.ModelSerializer):
    """An import run: what was uploaded, where it stands, what it changed and every row error."""

    user = serializers.CharField(source="user.get_username", default=None, read_only=True)

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "kind",
            "file_name",
            "checksum",
            "user",
            "status",
            "commit",
            "skip_invalid",
            "date_format",
            "rows_in_file",
            "rows_read",
            "rows_validated",
            "rows_written",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "missing_from_file",
            "error_count",
            "errors",
            "warnings",
            "message",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    """An upload that starts an import: previewed first, committed by ``confirm``."""

    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField()
    date_format = serializers.ChoiceField(choices=["", "MDY", "DMY"], required=False, default="")
    users = serializers.FileField(required=False)
    accounts = serializers.FileField(required=False)


class ImportConfirmSerializer(serializers.Serializer):
    skip_invalid = serializers.BooleanField(default=False)
    # A meetings file with no Status column: the admin's word that every meeting took place.
    all_held = serializers.BooleanField(default=False)


class ImportRunViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Import runs (admins only; anyone else sees none). POST a Salesforce export to start an
    import: it is previewed by a worker; ``confirm`` commits it. Poll a run until ``status`` is
    final."""

    queryset = ImportRun.objects.defer("data").select_related("user").order_by("-created_at")
    serializer_class = ImportRunSerializer
    parser_classes = [MultiPartParser]
    scope_fields = None

    def get_queryset(self):
        return super().get_queryset() if caller_is_admin(self.request) else ImportRun.objects.none()

    @extend_schema(request=ImportUploadSerializer, responses={201: ImportRunSerializer})
    def create(self, request: Request) -> Response:
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            importing.check_upload_size(data["file"].name, data["file"].size)
            run = importing.create_upload(
                kind=data["kind"],
                name=data["file"].name,
                data=data["file"].read(),
                user=request.user,
                date_format=data["date_format"],
                users=data.get("users"),
                accounts=data.get("accounts"),
            )
        except importing.ImportFileError as error:
            raise ValidationError({"file": [str(error)]}) from error
        _enqueue(run)
        return Response(ImportRunSerializer(run).data, status=201)

    @extend_schema(request=ImportConfirmSerializer, responses=ImportRunSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Commit a previewed run (``skip_invalid``: import the valid rows only)."""
        run = self.get_object()
        if run.status != ImportStatus.PREVIEWED:
            raise ValidationError(
                {"status": [f"only a previewed run can be confirmed, not {run.status}"]}
            )
        options = ImportConfirmSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        try:
            importing.confirm(run, **options.validated_data)
        except ValueError as error:
            raise ValidationError({"all_held": [str(error)]}) from error
        _enqueue(run)
        return Response(ImportRunSerializer(run).data)


def _enqueue(run: ImportRun) -> None:
    """Queue the run on a worker; with the task queue down, answer 503 at once."""
    try:
        enqueue_import(run)
    except importing.ImportNotQueued as error:
        raise QueueUnavailable(str(error)) from error


class QueueUnavailable(APIException):
    status_code = 503
    default_code = "queue_unavailable"
    default_detail = "The task queue (Redis) is unreachable, so nothing was queued."


router = SimpleRouter()
router.register("imports", ImportRunViewSet, basename="import-run")
urlpatterns = router.urls
