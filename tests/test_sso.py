"""Issue 19, SSO: sign-in with the company's identity provider by OpenID Connect, against a
real provider (django-oauth-toolkit with OIDC, ``tests/oidc_provider/``) in its own process.

Pacer's side runs in the test client; its backend calls the provider's token, userinfo and
key endpoints over HTTP, as in production; the person's side of the provider (its log-in form)
is driven with ``requests``. People are matched by e-mail; an unknown e-mail is refused with a
message naming it; passwords still work (unless ``SSO_ONLY``) and django-axes still counts them.
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from people.models import Person
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.sign_in_limits]
ROOT = Path(__file__).resolve().parents[1]
CLIENT_ID, CLIENT_SECRET = "pacer", "pacer-test-client-secret"  # noqa: S105
IDP_PASSWORD = "company-sso-password-2026"  # noqa: S105
CALLBACK = "http://testserver/accounts/sso/callback/"
IDP_USERS = ["avery@pacer.example", "stranger@elsewhere.example", "newhire@pacer.example"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> dict:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the identity provider stopped:\n{log.read_text()}")
        try:
            return requests.get(url, timeout=2).json()
        except (requests.ConnectionError, ValueError):
            time.sleep(0.2)
    pytest.fail(f"the identity provider did not start in 90 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory):
    """The provider's discovery document, with the provider running."""
    folder = tmp_path_factory.mktemp("identity-provider")
    users = [{"email": email, "password": IDP_PASSWORD} for email in IDP_USERS]
    users.append({"email": "unverified@pacer.example", "password": IDP_PASSWORD, "verified": 0})
    setup = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": CALLBACK}
    (folder / "setup.json").write_text(json.dumps({**setup, "users": users}))
    port, log = _free_port(), folder / "provider.log"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.serve", str(port), str(folder)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield _wait_for(f"http://127.0.0.1:{port}/o/.well-known/openid-configuration", process, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, identity_provider):
    settings.OIDC_ENABLED, settings.SSO_ONLY = True, False
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = identity_provider["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = identity_provider["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = identity_provider["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = identity_provider["jwks_uri"]
    return settings


def _field(page: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def sso_sign_in(client, email: str, password: str = IDP_PASSWORD):
    """Pacer's "Log in with your company account", the provider's form, and back: the answer
    of Pacer's callback."""
    start = client.get("/accounts/sso/")
    assert start.status_code == 302, start.status_code
    person_side = requests.Session()
    answer = person_side.get(start["Location"], allow_redirects=False, timeout=10)
    form_url = urljoin(start["Location"], answer.headers["Location"])
    form = person_side.get(form_url, timeout=10).text
    fields = {"username": email, "password": password, "next": _field(form, "next")}
    fields["csrfmiddlewaretoken"] = _field(form, "csrfmiddlewaretoken")
    answer = person_side.post(form_url, data=fields, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, "the provider refused the log-in"
    answer = person_side.get(urljoin(form_url, answer.headers["Location"]), allow_redirects=False)
    back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def signed_in_user(client):
    return client.get("/account/token/").wsgi_request.user


def test_a_person_signs_in_with_the_company_account_matched_by_email(client, sso):
    person = PersonFactory(email="Avery@Pacer.example", name="Avery Adams")
    person.user = UserFactory(username="avery")
    person.save()
    answer = sso_sign_in(client, "avery@pacer.example")
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert signed_in_user(client) == person.user
    assert "Avery Adams" in client.get("/", follow=True).content.decode()


def test_a_person_without_a_sign_in_gets_one_with_no_password(client, sso):
    person = PersonFactory(email="newhire@pacer.example")
    assert sso_sign_in(client, "newhire@pacer.example")["Location"] == "/"
    person.refresh_from_db()
    assert signed_in_user(client) == person.user
    assert not person.user.has_usable_password()


def test_an_unknown_email_is_refused_with_a_message_naming_it(client, sso):
    users = get_user_model().objects.count()
    answer = sso_sign_in(client, "stranger@elsewhere.example")
    assert answer["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert "Nobody on the Pacer team has the e-mail stranger@elsewhere.example" in page
    assert not signed_in_user(client).is_authenticated
    assert get_user_model().objects.count() == users


def test_an_inactive_person_or_an_unverified_email_is_refused(client, sso):
    PersonFactory(email="avery@pacer.example", is_active=False)
    PersonFactory(email="unverified@pacer.example")
    for email in ("avery@pacer.example", "unverified@pacer.example"):
        assert sso_sign_in(client, email)["Location"] == "/accounts/login/"
        assert not signed_in_user(client).is_authenticated
    assert not Person.objects.filter(user__isnull=False).exists()


def test_a_forged_callback_signs_nobody_in(client, sso):
    PersonFactory(email="avery@pacer.example")
    client.get("/accounts/sso/")  # a state in the session, but not this one
    answer = client.get("/accounts/sso/callback/?code=forged&state=forged")
    assert answer.status_code in (302, 400)
    assert not signed_in_user(client).is_authenticated


def test_passwords_still_work_and_axes_still_counts_them(client, sso):
    UserFactory(username="jordan")
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/sso/"' in page and 'name="password"' in page
    login = {"username": "jordan", "password": PASSWORD}
    assert client.post("/accounts/login/", login).status_code == 302
    client.logout()
    wrong = {"username": "jordan", "password": "wrong"}
    statuses = [client.post("/accounts/login/", wrong).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert client.post("/accounts/login/", login).status_code == 429


def test_sso_only_switches_passwords_off(client, sso):
    sso.SSO_ONLY = True
    PersonFactory(email="avery@pacer.example")
    UserFactory(username="jordan")
    page = client.get("/accounts/login/").content.decode()
    assert 'name="password"' not in page and 'href="/accounts/sso/"' in page
    answer = client.post("/accounts/login/", {"username": "jordan", "password": PASSWORD})
    assert "Passwords are switched off" in answer.content.decode()
    admin = client.post("/admin/login/", {"username": "jordan", "password": PASSWORD})
    assert admin.status_code == 200 and not signed_in_user(client).is_authenticated
    assert sso_sign_in(client, "avery@pacer.example")["Location"] == "/"


def test_without_sso_set_up_its_pages_do_not_exist(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get("/accounts/sso/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404
    assert 'href="/accounts/sso/"' not in client.get("/accounts/login/").content.decode()
