"""Sign-in with the company's identity provider by OpenID Connect (issue 19).

mozilla-django-oidc runs the authorization-code flow (with PKCE and a nonce) and checks the ID
token's signature against the provider's keys; ``PersonBackend`` then matches the identity to
a ``Person`` by e-mail. An e-mail no active person has is refused with a message naming it
(nobody is created). SSO is on when ``OIDC_RP_CLIENT_ID`` is set; ``SSO_ONLY`` switches
passwords off (``PasswordsOff``). django-axes still counts every password failure.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from people.models import Person

DID_NOT_COMPLETE = "The company sign-in did not complete: try again, or ask an admin."


def sso_only() -> bool:
    return settings.OIDC_ENABLED and settings.SSO_ONLY


class PasswordsOff:
    """Under ``SSO_ONLY`` a password never signs anyone in (the log-in page, the admin's).

    No ``get_user``: it keeps no session, so Django never picks it to restore one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and sso_only():
            raise PermissionDenied("Passwords are switched off: sign in with the company's SSO.")
        return None


class PersonBackend(OIDCAuthenticationBackend):
    """The provider's identity, matched to an active person by e-mail."""

    def __init__(self, *args, **kwargs):
        if settings.OIDC_ENABLED:  # unconfigured, it signs nobody in (and reads no setting)
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        return super().authenticate(request, **kwargs) if settings.OIDC_ENABLED else None

    def _refuse(self, message: str) -> list:
        self.request.sso_refusal = message
        return []

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return self._refuse("The company sign-in gave no verified e-mail address.")
        person = Person.objects.select_related("user").filter(email__iexact=email).first()
        if person is None or not person.is_active:
            return self._refuse(
                f"Nobody on the Pacer team has the e-mail {email}: ask an admin to add you "
                "on the People page with that address, then sign in again."
            )
        if person.user is None:
            person.user = _new_user(person)
            person.save(update_fields=["user"])
        if not person.user.is_active:
            return self._refuse(f"The Pacer account of {email} is switched off: ask an admin.")
        return [person.user]


def _new_user(person: Person):
    """A sign-in for a person who had none, with no usable password."""
    user = get_user_model()(username=person.email, email=person.email)
    user.set_unusable_password()
    user.save()
    return user


def _enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not set up.")


def sso_start(request: HttpRequest) -> HttpResponse:
    """Off to the identity provider."""
    _enabled()
    return OIDCAuthenticationRequestView.as_view()(request)


def sso_callback(request: HttpRequest) -> HttpResponse:
    """Back from the identity provider: signed in, or on the log-in page with the reason."""
    _enabled()
    response = OIDCAuthenticationCallbackView.as_view()(request)
    if not request.user.is_authenticated:
        messages.error(request, getattr(request, "sso_refusal", DID_NOT_COMPLETE))
    return response


class LoginPage(LoginView):
    """Django's log-in page, with the company sign-in beside (or instead of) the password."""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": settings.OIDC_ENABLED,
            "sso_only": sso_only(),
        }
