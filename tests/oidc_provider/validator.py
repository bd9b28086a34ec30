"""The provider's claims: the user's e-mail, and whether it is verified."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class EmailClaims(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        verified = request.user.last_name != "unverified"
        return {"email": request.user.email, "email_verified": verified}
