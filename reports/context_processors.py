"""Values every page shows."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from goals.calendar import today
from goals.recompute import last_recomputed
from imports.services import last_imported


def _nav(request) -> list[tuple[str, str]]:
    """The pages the viewer's role can use, for the top bar (issue 17: nothing they cannot)."""
    from django.conf import settings

    from people.selectors import visible_people

    from .selectors import viewer_role

    if not request.user.is_authenticated:
        return []
    role = viewer_role(request.user, request.person)
    reviewer = role in ("manager", "admin")
    links = [("My quarter" if role in ("ae", "sdr") else "Home", reverse("home"))]
    if reviewer:
        links.append(("Team", reverse("team_review")))
        # An AE manager has no SDRs: an empty SDR page is not a page they can use.
        sdrs = visible_people(request.user, request.person).filter(role="sdr")
        if role == "admin" or sdrs.exists():
            links.append(("SDRs", reverse("sdr_overview")))
    if role in settings.LEADERBOARD_ROLES:
        links.append(("Leaderboard", reverse("leaderboard")))
    links += [("OKRs", reverse("okrs")), ("Career framework", reverse("framework:index"))]
    if reviewer:
        links.append(("Coaching digests", reverse("coaching_digests")))
    if role == "admin":
        links += [
            ("Overview", reverse("admin_overview")),
            ("Targets", reverse("targets")),
            ("People", reverse("roster")),
            ("Imports", reverse("imports")),
            ("Salesforce", reverse("salesforce")),
            ("Audit", reverse("audit")),
            ("API token", reverse("api-token")),
        ]
    elif reviewer:
        links.append(("API token", reverse("api-token")))
    return links


def _viewer_name(request) -> str:
    """The signed-in person's name for the top bar (the login name without a person)."""
    if not request.user.is_authenticated:
        return ""
    person = request.person
    return person.name if person else request.user.get_full_name() or request.user.get_username()


def _viewer_is_admin(request) -> bool:
    from people.selectors import is_admin

    return request.user.is_authenticated and is_admin(request.user, request.person)


def pacer(request) -> dict:
    return {
        "pacer_today": today(),
        "last_recomputed": last_recomputed(),
        "last_imported": last_imported(),
        "pacer_nav": SimpleLazyObject(lambda: _nav(request)),
        "viewer_name": SimpleLazyObject(lambda: _viewer_name(request)),
        # For empty states: an admin gets the link to fix it, others learn who can.
        "viewer_is_admin": SimpleLazyObject(lambda: _viewer_is_admin(request)),
    }
