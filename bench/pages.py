"""Pages under load: gunicorn on 127.0.0.1 with two sync workers, wrk against one URL.

Every measurement first warms *each* worker (gunicorn's sync workers close the connection
after every response, and which worker accepts the next one is up to the kernel: a warm-up on
one connection can leave a worker that has never served the page), then reports wrk's median,
p95 and p99 at 1 and 4 connections. gunicorn's access log records each request's worker and
its server time (``%(p)s %(M)s``), so a slow tail can be traced to a worker and a moment.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LUA = ROOT / "bench" / "percentiles.lua"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = 2
WARM_REQUESTS_PER_WORKER = 5


def wait_for_port(port: int, deadline_seconds: float = 30.0) -> None:
    """Poll until gunicorn accepts connections (a real external process: bounded)."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not listen on {port} within {deadline_seconds:.0f}s")


class Server:
    """gunicorn serving Pacer, its access log one ``pid ms path`` line per request."""

    def __init__(
        self, env: dict[str, str], port: int = PORT, workers: int = WORKERS, extra=()
    ) -> None:
        self.port, self.workers = port, workers
        self.log = Path(tempfile.mkstemp(prefix="bench-access-", suffix=".log")[1])
        self.process = subprocess.Popen(  # noqa: S603
            [
                PY, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
                "-w", str(workers), "--access-logfile", str(self.log),
                "--access-logformat", "%(p)s %(M)s %(U)s %(s)s", *extra,
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(port)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self) -> list[tuple[str, float, str]]:
        """``(worker pid, server ms, path)`` of every request served so far, in order."""
        found = []
        for line in self.log.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3:
                found.append((parts[0], float(parts[1]), parts[2]))
        return found

    def warm(self, path: str, cookie: str) -> Counter:
        """Load ``path`` until every worker has served it a few times: requests in parallel
        (one at a time, the kernel tends to hand every connection to the same idle worker),
        bounded in number."""
        served: Counter = Counter()
        with ThreadPoolExecutor(self.workers * 2) as pool:
            for _ in range(25):
                list(pool.map(lambda _: get(self.url(path), cookie), range(self.workers * 2)))
                served = Counter(pid for pid, _, p in self.requests() if p == path.split("?")[0])
                enough = min(served.values(), default=0) >= WARM_REQUESTS_PER_WORKER
                if len(served) >= self.workers and enough:
                    return served
        raise SystemExit(f"could not warm {self.workers} workers on {path}: {dict(served)}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.unlink(missing_ok=True)


def get(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - 127.0.0.1
        response.read()
        return response.status


def wrk(url: str, cookie: str, duration: int, connections: int) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603
        [
            "wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration}s",
            "--timeout", "10s", "-s", str(LUA), "-H", f"Cookie: sessionid={cookie}", url,
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    if "Non-2xx or 3xx responses" in done.stdout:
        raise SystemExit(f"{url} answered errors under load:\n{done.stdout}")
    found = {k: int(v) / 1000 for k, v in re.findall(r"^pacer-(\w+) (\d+)$", done.stdout, re.M)}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1)),
        "requests": int(re.search(r"(\d+) requests in", done.stdout).group(1)),
        "median": found["p50"],
        "p95": found["p95"],
        "p99": found["p99"],
        "max": found["max"],
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(server: Server, path: str, cookie: str, duration: int) -> dict:
    """Warm every worker, then wrk at 1 and at 4 connections; the server's own timings of the
    one-connection run (from the access log) say whether a slow tail is the server's."""
    warmed = server.warm(path, cookie)
    before = len(server.requests())
    alone = wrk(server.url(path), cookie, duration, 1)
    served = [ms for _, ms, _ in server.requests()[before:]]
    loaded = wrk(server.url(path), cookie, duration, 4)
    return {
        "alone": alone,
        "loaded": loaded,
        "server": {
            "median": percentile(served, 50),
            "p99": percentile(served, 99),
            "max": max(served, default=0),
        },
        "warm_requests": dict(warmed),
    }


def note(found: dict) -> str:
    a, lo, s = found["alone"], found["loaded"], found["server"]
    return (
        f"1 connection: median {a['median']:.1f} ms, p95 {a['p95']:.1f} ms, p99 {a['p99']:.1f} "
        f"ms, {a['rps']:.1f} req/s (server's own: median {s['median']:.0f} ms, p99 "
        f"{s['p99']:.0f} ms); 4 connections: {lo['rps']:.1f} req/s, median {lo['median']:.1f} "
        f"ms, p95 {lo['p95']:.1f} ms, p99 {lo['p99']:.1f} ms"
    )
