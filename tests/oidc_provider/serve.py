"""Start the test identity provider: ``python -m tests.oidc_provider.serve PORT FOLDER``.

``FOLDER/setup.json`` names the client (``client_id``, ``client_secret``, ``redirect_uri``) and
the ``users`` (``email``, ``password``, optional ``verified``); the provider migrates its own
database in FOLDER, registers them and serves on 127.0.0.1:PORT until it is killed.
"""

import json
import os
import sys
from pathlib import Path


def _register(setup: dict) -> None:
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import Application

    for person in setup["users"]:
        get_user_model().objects.create_user(
            username=person["email"],
            email=person["email"],
            password=person["password"],
            last_name="" if person.get("verified", True) else "unverified",
        )
    Application.objects.create(
        name="Pacer",
        client_id=setup["client_id"],
        client_secret=setup["client_secret"],
        redirect_uris=setup["redirect_uri"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    port, folder = sys.argv[1], sys.argv[2]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings",
        OIDC_PROVIDER_FOLDER=folder,
        OIDC_PROVIDER_PORT=port,
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    _register(json.loads((Path(folder) / "setup.json").read_text()))
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main()
