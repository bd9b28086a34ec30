"""A real OpenID Connect provider for the SSO tests (django-oauth-toolkit, OIDC on), run as
its own process with its own SQLite database: ``python -m tests.oidc_provider.serve``."""
