"""Pacer's REST API (``/api/v1/``): thin views over the goals selectors and the rules engine."""
