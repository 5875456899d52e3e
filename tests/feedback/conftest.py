import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


from tests.staff.conftest import city_editor_client, editor_client  # noqa: E402,F401  (fixtures)
