"""What the page cache learns from the apps above it, without importing them.

The page cache is infrastructure: it knows nothing of referral cards or policy signals. Apps
tell it, in their ``AppConfig.ready()``, what a stored page depends on and what must happen
again each time a stored page is served:

- ``vary_pages_on(name, part)``: ``part(request)`` is a string that is part of the key of
  per-visitor pages (the services on the visitor's referral card, say). Visitors with the same
  parts share one entry.
- ``replay_with_page(name, collect, replay)``: after a page is rendered, ``collect(request)``
  gives a value (plain data, stored with the page); on every later hit ``replay(request, value)``
  runs (the policy counters of that page view, say).

Names keep registrations idempotent: registering a name again replaces the earlier hook.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Replay:
    collect: Callable[[Any], Any]
    replay: Callable[[Any, Any], None]


_key_parts: dict[str, Callable[[Any], str]] = {}
_replays: dict[str, Replay] = {}


def vary_pages_on(name: str, part: Callable[[Any], str]) -> None:
    _key_parts[name] = part


def replay_with_page(
    name: str, collect: Callable[[Any], Any], replay: Callable[[Any, Any], None]
) -> None:
    _replays[name] = Replay(collect, replay)


def key_parts(request) -> list[str]:
    """This visitor's parts of a per-visitor page's key, in the order of the names."""
    return [f"{name}={_key_parts[name](request)}" for name in sorted(_key_parts)]


def collect_extras(request) -> dict[str, Any]:
    return {name: hook.collect(request) for name, hook in _replays.items()}


def replay_extras(request, extras: dict[str, Any]) -> None:
    for name, value in extras.items():
        hook = _replays.get(name)
        if hook is not None:
            hook.replay(request, value)
