import pytest
from django.core.cache import cache

from glossary.models import GlossaryTerm


@pytest.fixture(autouse=True)
def empty_cache():
    """Tests share one process-wide cache; each starts without cached terms."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_term(db):
    def make(term, explanation="Uitleg in gewone taal.", **fields):
        fields.setdefault("slug", term.lower().replace(" ", "-"))
        return GlossaryTerm.objects.create(term=term, explanation=explanation, **fields)

    return make
