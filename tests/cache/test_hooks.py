"""The page cache learns what to vary on and what to replay through pagecache.hooks, not by
importing the apps above it."""

import pytest
from django.test import Client

from pagecache import hooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def colour_hook():
    """A hook of a made-up app: pages differ per X-Colour header; each hit notes its colour."""
    hits = []
    hooks.vary_pages_on("colour", lambda request: request.headers.get("X-Colour", ""))
    hooks.replay_with_page(
        "colour",
        collect=lambda request: request.headers.get("X-Colour", ""),
        replay=lambda request, colour: hits.append(colour),
    )
    yield hits
    hooks._key_parts.pop("colour")
    hooks._replays.pop("colour")


def test_a_registered_key_part_gives_each_value_its_own_page(page_cache, settings, colour_hook):
    settings.ROOT_URLCONF = "tests.cache.urls"
    first_red = Client().get("/proef/", HTTP_X_COLOUR="rood")
    second_red = Client().get("/proef/", HTTP_X_COLOUR="rood")
    blue = Client().get("/proef/", HTTP_X_COLOUR="blauw")

    assert colour_hook == ["rood"], "only the second red visit was a hit, and it was replayed"
    assert first_red.status_code == second_red.status_code == blue.status_code == 200


def test_a_page_for_everyone_ignores_the_visitor_parts(page_cache, settings, colour_hook):
    settings.ROOT_URLCONF = "tests.cache.urls"
    Client().get("/proef/iedereen/", HTTP_X_COLOUR="rood")
    Client().get("/proef/iedereen/", HTTP_X_COLOUR="blauw")

    assert len(colour_hook) == 1, "the blue visit was served the page stored for red"


def test_the_card_and_the_counters_are_registered_by_their_own_apps():
    assert "card" in hooks._key_parts
    assert "insights" in hooks._replays
