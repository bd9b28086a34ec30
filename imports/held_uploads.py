"""Files of a refused upload, kept server-side so the admin need not choose them again.

A browser cannot refill a file input: when the upload page refuses a form (an unreadable
"taken at", a companion file that is not a User file …) the files it did accept are held here
under a random token, and the form carries the tokens. Submitting again without choosing a new
file uses the held one. Held files live in ``HELD_UPLOADS_DIR`` (default: the system temporary
folder) for a day.
"""

from __future__ import annotations

import json
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

KEPT_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


@dataclass(frozen=True)
class HeldFile:
    token: str
    name: str
    data: bytes
    uploaded_at: datetime

    def read(self) -> bytes:
        return self.data

    def describe(self) -> str:
        when = timezone.localtime(self.uploaded_at).strftime("%H:%M")
        return f"using {self.name} (uploaded {when}): choose another to replace it"


def _folder() -> Path:
    folder = Path(getattr(settings, "HELD_UPLOADS_DIR", "") or tempfile.gettempdir())
    folder = folder / "pacer-held-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    cutoff = time.time() - KEPT_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def hold(name: str, data: bytes, user_id: int | None) -> str:
    """Keep ``data`` (the file ``name``) for ``user_id``; the token that finds it again."""
    folder = _folder()
    _forget_old(folder)
    token = secrets.token_urlsafe(18)
    (folder / f"{token}.bin").write_bytes(data)
    meta = {"name": name, "user": user_id, "at": timezone.now().isoformat()}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def find(token: str, user_id: int | None) -> HeldFile | None:
    """The file held under ``token`` for ``user_id``; None when unknown, expired or another's."""
    if not token or not TOKEN.match(token):
        return None
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user") != user_id:
        return None
    return HeldFile(token, meta["name"], data, datetime.fromisoformat(meta["at"]))
