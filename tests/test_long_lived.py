"""A web worker moves what it holds out of the cycle collector's reach once warm
(config/long_lived.py)."""

import gc
import subprocess
import sys
import weakref

import pytest
from django.core.signals import request_finished

from config.long_lived import freeze_when_warm
from tests.web_process import ROOT, database_url, production_env


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.django_db
def test_a_worker_freezes_what_it_holds_after_its_first_requests(unfrozen, client):
    receiver = freeze_when_warm(after=3)
    client.get("/gezond/")
    client.get("/gezond/")
    assert gc.get_freeze_count() == 0
    client.get("/gezond/")
    assert gc.get_freeze_count() > 0
    assert not request_finished.disconnect(receiver), "frozen once, then no longer listening"


class _Node:
    pass


@pytest.mark.django_db
def test_garbage_is_collected_rather_than_frozen(unfrozen):
    receiver = freeze_when_warm(after=1)
    node = _Node()
    node.itself = node  # garbage only the cycle collector frees
    collected = weakref.ref(node)
    del node
    request_finished.send(sender=None)
    assert gc.get_freeze_count() > 0
    assert collected() is None
    request_finished.disconnect(receiver)


@pytest.mark.django_db
def test_only_web_processes_freeze(tmp_path):
    script = (
        "{setup}\n"
        "from django.core.signals import request_finished\n"
        "from config.long_lived import FreezeWhenWarm\n"
        "print(any(isinstance(r[1], FreezeWhenWarm) for r in request_finished.receivers))\n"
    )
    env = production_env(database_url(), tmp_path)

    def installed(setup: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", script.format(setup=setup)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        return result.stdout.strip()

    assert installed("import config.wsgi") == "True"
    assert installed("import django\ndjango.setup()") == "False"
