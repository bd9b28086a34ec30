"""Reading environment variables strictly: a value that cannot be read stops start-up."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable: 1, true, yes, on mean yes; 0, false, no, off no (any case).
    Anything else is refused: a typo must not quietly read as "no"."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use one of 1, true, yes, on or 0, false, no, off."
    )


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated variable into a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
