"""Issue 19: API tokens stored hashed (``people.ApiToken`` keeps only the key's SHA-256), that
expire (``API_TOKEN_MAX_AGE_DAYS``) and are revoked when their user's password changes, so
neither a copy of the database nor a leaked key outlives the password it was made with."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from people.models import ApiToken


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, checked against the stored digest; a token older than
    ``API_TOKEN_MAX_AGE_DAYS`` is refused."""

    def authenticate_credentials(self, key):
        token = ApiToken.objects.matching(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        max_age = timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)
        if timezone.now() - token.created > max_age:
            raise exceptions.AuthenticationFailed(
                "Token expired: create a new one at /account/token/."
            )
        return token.user, token


@receiver(pre_save, sender=get_user_model(), dispatch_uid="pacer-revoke-token-on-password")
def revoke_token_on_password_change(sender, instance, raw=False, **kwargs) -> None:
    """A new password revokes the user's API token (whichever path changed it)."""
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if before is not None and before != instance.password:
        ApiToken.objects.filter(user_id=instance.pk).delete()
