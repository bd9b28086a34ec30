"""Issue 15: the manager's digest carries each rep's week in one line, by e-mail and to Slack
(slack-sdk's webhook client, posting to a real HTTP server on 127.0.0.1 that records it)."""

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from goals.movement_digest import send_movement_digest

from .test_acceptance import team  # noqa: F401 - the acceptance test's imported weeks

pytestmark = pytest.mark.django_db
ANN_LINE = "- Ann Archer: won -30000.00 (1), new 5000.00 (1), pushed -12000.00 (1), net -28000.00"


@pytest.fixture
def slack(settings):
    posted = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            posted.append((self.path, json.loads(body)))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SLACK_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/hooks/pacer"
    yield posted
    server.shutdown()
    thread.join()


def test_digest_is_mailed_and_posted_to_slack(team, slack):  # noqa: F811
    text = send_movement_digest(team, date(2023, 9, 15))
    assert ANN_LINE in text.splitlines()
    assert "- Bob Baker: won 0.00 (0), new 0.00 (0), pushed 0.00 (0), net 9000.00" in text
    assert [m.to for m in mail.outbox] == [["mia@example.com"]] and mail.outbox[0].body == text
    assert slack == [("/hooks/pacer", {"text": text})]


def test_without_a_webhook_only_the_mail_goes(team, settings):  # noqa: F811
    settings.SLACK_WEBHOOK_URL = ""
    send_movement_digest(team, date(2023, 9, 15))
    assert len(mail.outbox) == 1
