"""Recording an upload from the page or the API as a run awaiting its preview."""

from __future__ import annotations

import hashlib
import io
from typing import BinaryIO

from goals.history_models import TakenAtSource
from imports.models import ImportRun

from . import people


def create_upload(
    *,
    kind: str,
    name: str,
    data: bytes,
    user=None,
    date_format: str = "",
    users: BinaryIO | None = None,
    accounts: BinaryIO | None = None,
    taken_at=None,
    complete: bool = False,
    extra: dict | None = None,
) -> ImportRun:
    """Record an uploaded file as a run awaiting its preview; a data loader export's Users and
    Accounts files are read now (ImportFileError if unreadable). ``taken_at``/``complete``: as
    the command's ``--taken-at``/``--complete``; ``extra``: more companions (a Data Export's)."""
    companions = {
        what: people.lookup_file(_in_memory(handle), what)
        for what, handle in (("users", users), ("accounts", accounts))
        if handle is not None
    }
    return ImportRun.objects.create(
        companions=companions | (extra or {}),
        kind=kind,
        user=user,
        file_name=name,
        data=data,
        checksum=hashlib.sha256(data).hexdigest(),
        date_format=date_format,
        taken_at=taken_at,
        taken_at_source=TakenAtSource.GIVEN if taken_at else "",
        complete=complete,
        # An estimate for the progress bar until the file has been read.
        rows_in_file=max(data.count(b"\n") - 1, 1),
    )


def _in_memory(upload) -> io.BytesIO:
    buffer = io.BytesIO(upload.read())
    buffer.name = getattr(upload, "name", "")
    return buffer
