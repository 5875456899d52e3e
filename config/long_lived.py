"""Python's cycle collector in a long-lived web worker (issue 18).

A worker keeps hundreds of thousands of objects as long as it lives: modules, models, URL
patterns, compiled templates and queries, the search vocabulary. Every full collection walks
all of them (70–90 ms in a worker at 10,000 services, about once in 160 list pages, stalling
the request it falls in). Once its first requests have loaded them, the worker moves them out
of the collector's reach (``gc.freeze``); later collections walk only what came after: 4–5 ms,
and the collector's time per list page about halves (1.1 to 0.5 ms). config/wsgi.py installs
this in web processes only.
"""

import gc

from django.core.signals import request_finished

# Requests a worker serves before it freezes what it holds: by then the pages it serves most
# have loaded their templates and queries.
FREEZE_AFTER_REQUESTS = 20


class FreezeWhenWarm:
    def __init__(self, after: int = FREEZE_AFTER_REQUESTS):
        self.left = after

    def __call__(self, **kwargs):
        self.left -= 1
        if self.left > 0:
            return
        request_finished.disconnect(self)
        gc.collect()  # no garbage frozen with what lives on
        gc.freeze()


def freeze_when_warm(after: int = FREEZE_AFTER_REQUESTS) -> FreezeWhenWarm:
    receiver = FreezeWhenWarm(after)
    request_finished.connect(receiver, weak=False)
    return receiver
