"""The Salesforce stand-in (tests/salesforce_standin) as a process of its own, holding ``N``
synthetic opportunities of the benchmark's roster, for the sync benchmark.

    python -m bench.standin N DIRECTORY

Writes DIRECTORY/standin.json (its URL, certificate, the connected app's key, client id and
user) once it listens. SIGUSR1 changes 1% of the opportunities (amount; SystemModstamp moves),
then writes DIRECTORY/changed.json; SIGTERM stops it. Records are the ones
``bench.synthetic.write_opportunities`` writes for the same N, as the Salesforce API holds them.
"""

from __future__ import annotations

import json
import random
import signal
import sys
import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import FIRST_CREATED, STAGES, TYPES, team_members  # noqa: E402
from goals.salesforce import to_18_char_id  # noqa: E402
from tests.salesforce_standin import tls  # noqa: E402
from tests.salesforce_standin.server import Standin, StandinOrg  # noqa: E402
from tests.salesforce_standin.synthetic import synthetic_users  # noqa: E402

CHANGED_SHARE = 0.01


def email_of(name: str) -> str:
    kind, number = name.rsplit(" ", 1)
    return f"sdr{number}@bench.example" if "SDR" in kind else f"rep{number}@bench.example"


def records(size: int, seed: int = 1):
    """The synthetic export's deals, as flat Opportunity records (``Owner.Email`` …)."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    owners, sdrs = team_members(None)
    for i in range(size):
        created = FIRST_CREATED + timedelta(days=rng.randrange(600))
        sao = created + timedelta(days=rng.randrange(20)) if rng.random() < 0.7 else None
        account = f"Account {rng.randrange(size // 4 + 1):07d}"
        owner = rng.choice(owners)
        stage = rng.choice(STAGES)
        yield {
            "Id": to_18_char_id(f"006B{i:011d}"),
            "Name": f"{account} deal {i}",
            "OwnerId": to_18_char_id(f"005B{owners.index(owner):011d}"),
            "Owner.Name": owner,
            "Owner.Email": email_of(owner),
            "AccountId": to_18_char_id(f"001B{i:011d}"),
            "Account.Name": account,
            "Type": rng.choice(TYPES),
            "StageName": stage,
            "IsWon": stage == "Closed Won",
            "IsClosed": stage.startswith("Closed"),
            "Amount": Decimal(rng.randrange(100_000, 25_000_000)) / 100,
            "CurrencyIsoCode": "USD",
            "CloseDate": (created + timedelta(days=rng.randrange(20, 240))).isoformat(),
            "CreatedDate": f"{created.isoformat()}T10:00:00.000+0000",
            "SAO_Date__c": sao.isoformat() if sao else None,
            "Sourced_By__c": email_of(rng.choice(sdrs)) if sao and rng.random() < 0.3 else None,
        }


def change_some(org: StandinOrg, share: float = CHANGED_SHARE, seed: int = 2) -> int:
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    ids = sorted(org.records)
    chosen = rng.sample(ids, max(1, int(len(ids) * share)))
    for record_id in chosen:
        org.put(Id=record_id, Amount=Decimal(rng.randrange(100_000, 25_000_000)) / 100)
    return len(chosen)


def main() -> None:
    size, directory = int(sys.argv[1]), Path(sys.argv[2])
    cert, key = tls.self_signed(directory)
    app_key = tls.private_key()
    (directory / "connected_app.key").write_bytes(tls.pem(app_key))
    org = StandinOrg(public_key=app_key.public_key(), rest_page=2000, bulk_page=50_000)
    org.users = synthetic_users()  # the roster's users: the owners' OwnerId, the SDRs
    for record in records(size):
        org.put(**record)
    org.calls = []
    stop = threading.Event()

    def changed(*_):
        count = change_some(org)
        (directory / "changed.json").write_text(json.dumps({"changed": count}))

    signal.signal(signal.SIGUSR1, changed)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Standin(org, cert, key) as standin:
        (directory / "standin.json").write_text(
            json.dumps(
                {
                    "url": standin.url,
                    "ca_bundle": str(cert),
                    "private_key_file": str(directory / "connected_app.key"),
                    "client_id": org.client_id,
                    "username": org.username,
                }
            )
        )
        while not stop.wait(0.2):
            pass


if __name__ == "__main__":
    main()
