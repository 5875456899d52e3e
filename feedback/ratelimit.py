"""The feedback rate limit uses the site's one rate limiter (config/ratelimit.py)."""

from config.ratelimit import client_ip, hit

__all__ = ["client_ip", "hit"]
