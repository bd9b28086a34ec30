"""Benchmarks (`make bench`): Pacer's import, recompute and pages against their floors."""
