import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def dutch_after_each_test():
    """A request to /fr/... leaves French active in this thread (as Django does per request);
    switch back so reverse() in the next test gives Dutch, unprefixed URLs again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
