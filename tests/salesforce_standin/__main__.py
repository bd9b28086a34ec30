"""``python -m tests.salesforce_standin --opportunities N --port P [--dir D] [--csv F]``: the
stand-in as a process of its own, serving a synthetic org of N opportunities (the bench).

It writes a self-signed certificate and a Connected App key to ``--dir``, prints one JSON line
with the ``SALESFORCE_*`` settings that point Pacer at it (also written to ``D/env``), and
serves until killed. ``--csv F`` first writes the same records as a report export. Between
syncs: ``POST /_standin/change {"fraction": 0.01}``, ``/_standin/delete {"count": N}``,
``/_standin/export {"path": F}``, ``/_standin/state`` (synthetic.SyntheticOrg.control).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.salesforce_standin")
    parser.add_argument("--opportunities", type=int, required=True)
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--dir", default="", help="where the certificate and keys go")
    parser.add_argument("--csv", default="", help="also write the records as a report export")
    parser.add_argument("--bulk-page", type=int, default=50000)
    parser.add_argument(
        "--prerender",
        action="store_true",
        help="render the first sync's Bulk pages at start-up (Pacer's default field list with "
        "SAO_Date__c and Sourced_By__c), so a bench times Pacer rather than the stand-in",
    )
    args = parser.parse_args(argv)
    from . import tls
    from .server import Standin
    from .synthetic import BASE_FIELDS, SyntheticOrg, write_report

    directory = Path(args.dir or tempfile.mkdtemp(prefix="standin-"))
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = tls.self_signed(directory)
    app_key = tls.private_key()
    app_key_file = directory / "connected_app.key"
    app_key_file.write_bytes(tls.pem(app_key))
    org = SyntheticOrg(
        public_key=app_key.public_key(), total=args.opportunities, bulk_page=args.bulk_page
    )
    if args.csv:
        write_report(org, args.csv)
    if args.prerender:
        org.prerender(list(BASE_FIELDS) + ["SAO_Date__c", "Sourced_By__c"])
    with Standin(org, cert, key, port=args.port) as standin:
        env = {
            "SALESFORCE_LOGIN_URL": standin.url,
            "SALESFORCE_CLIENT_ID": org.client_id,
            "SALESFORCE_USERNAME": org.username,
            "SALESFORCE_PRIVATE_KEY_FILE": str(app_key_file),
            "SALESFORCE_CA_BUNDLE": str(cert),
            "SALESFORCE_SAO_FIELD": "SAO_Date__c",
            "SALESFORCE_SDR_FIELD": "Sourced_By__c",
            "SALESFORCE_BULK_POLL_SECONDS": "0",
        }
        (directory / "env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
        print(json.dumps(env), flush=True)
        try:
            standin.thread.join()
        except KeyboardInterrupt:
            sys.exit(0)


if __name__ == "__main__":
    main()
