import pytest


@pytest.fixture(autouse=True)
def framework_reference(request, reference_data):
    """The framework texts in every database test: a transactional test anywhere in the suite
    flushes the data migration's rows when it ends (see ``reference_data``)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from framework.models import QuotaBand
    from framework.reference import load_framework_reference

    if not QuotaBand.objects.exists():
        load_framework_reference()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Test users are created per test; the default PBKDF2 hasher costs ~0.3 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
