"""Values every page shows."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from goals.calendar import today
from goals.importing import last_imported
from goals.recompute import last_recomputed


def _nav(request) -> list[tuple[str, str]]:
    """The pages the viewer's role can open, for the top bar."""
    from django.conf import settings

    from .selectors import viewer_role

    if not request.user.is_authenticated:
        return []
    role = viewer_role(request.user)
    links = []
    if role in ("manager", "admin"):
        links += [("Team", reverse("team_review")), ("SDRs", reverse("sdr_overview"))]
    if role == "admin":
        links.append(("Overview", reverse("admin_overview")))
        links.append(("Audit", reverse("audit")))
        links.append(("Targets", reverse("targets")))
        links.append(("People", reverse("roster")))
        links.append(("Stage weights", reverse("stage_weights")))
    if role in settings.LEADERBOARD_ROLES:
        links.append(("Leaderboard", reverse("leaderboard")))
    return links


def pacer(request) -> dict:
    return {
        "pacer_today": today(),
        "last_recomputed": last_recomputed(),
        "last_imported": last_imported(),
        "pacer_nav": SimpleLazyObject(lambda: _nav(request)),
    }
