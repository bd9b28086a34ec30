"""Issue 19: an API token expires (``API_TOKEN_MAX_AGE_DAYS``) and is revoked when its user's
password changes, so a leaked key does not outlive the password it was made with."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than ``API_TOKEN_MAX_AGE_DAYS``."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        max_age = timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)
        if timezone.now() - token.created > max_age:
            raise exceptions.AuthenticationFailed(
                "Token expired: create a new one at /account/token/."
            )
        return user, token


@receiver(pre_save, sender=get_user_model(), dispatch_uid="pacer-revoke-token-on-password")
def revoke_token_on_password_change(sender, instance, raw=False, **kwargs) -> None:
    """A new password revokes the user's API token (whichever path changed it)."""
    if raw or instance.pk is None:
        return
    from rest_framework.authtoken.models import Token

    before = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if before is not None and before != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()
