"""Production settings plus a bare view to compare against (bench/urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The cache-miss rows add ?uncached=<a value seen once> (bench/latency.lua); the page cache
# drops parameters the views do not read, so it is kept here to make every such request a miss.
PAGE_CACHE_KEPT_PARAMETERS = ("uncached",)
