"""A gunicorn config for ``bench.tails``: each worker logs its garbage collections (generation,
milliseconds) to $BENCH_GC_LOG, so a slow request can be matched with a collection."""

import gc
import os
import time


def post_fork(server, worker):  # gunicorn hook
    path = os.environ["BENCH_GC_LOG"]
    started = {}

    def callback(phase, info):
        if phase == "start":
            started["t"] = time.perf_counter()
        elif "t" in started:
            ms = (time.perf_counter() - started.pop("t")) * 1000
            with open(path, "a") as log:
                log.write(f"{os.getpid()} {info['generation']} {ms:.2f} {time.time():.3f}\n")

    gc.callbacks.append(callback)
