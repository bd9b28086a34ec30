"""One JSON shape for every API error, and its place in the OpenAPI schema.

    {"status": 400, "code": "invalid", "message": "Invalid input.",
     "fields": {"quarter": ["'soon' is not a fiscal quarter like FY24-Q3"]}}

``fields`` names each bad input (query parameter or body field; nested fields joined with
dots, errors not tied to one field under ``non_field_errors``); it is empty for other errors.
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

ERROR_RESPONSES = {
    "400": "Bad input: see `fields`.",
    "401": "Not signed in (no session, no valid token).",
    "403": "Signed in, but not allowed to do this (writes are an admin's; an OKR check-in "
    "also a manager's or the key result's owner's).",
    "404": "No such object, or outside what the caller may see.",
}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field.sub": ["message", ...]}``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(_flatten(value, name))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(item) for item in items]}


def exception_handler(exc, context) -> Response | None:
    """DRF's handler, re-shaped into the one documented error body."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error stays a 500 and is logged
    if isinstance(exc, exceptions.ValidationError):
        code, message, fields = "invalid", "Invalid input.", _flatten(exc.detail)
    else:
        detail = getattr(exc, "detail", None)
        code = getattr(detail, "code", None) or _default_code(response.status_code)
        message, fields = str(detail) if detail is not None else str(exc), {}
    response.data = {
        "status": response.status_code,
        "code": str(code),
        "message": message,
        "fields": fields,
    }
    return response


def _default_code(status: int) -> str:
    return {404: "not_found", 403: "permission_denied", 401: "not_authenticated"}.get(
        status, "error"
    )


def document_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents the Error answers."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "The one shape of every error answer.",
        "properties": {
            "status": {"type": "integer"},
            "code": {"type": "string"},
            "message": {"type": "string"},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["status", "code", "message", "fields"],
    }
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(status, {"description": description, "content": body})
    return result
