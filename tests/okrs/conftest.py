# The API tests' org and signed-in clients, shared with tests/goals/api.
from tests.goals.api.conftest import as_role, org  # noqa: F401
