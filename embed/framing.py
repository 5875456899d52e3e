"""Who may frame the embed pages: the origins in settings.EMBED_ALLOWED_ORIGINS, nobody else."""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.security import content_security_policy

_ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(?::[0-9]{1,5})?$")


def allowed_origins() -> list[str]:
    origins = [origin.strip().rstrip("/").lower() for origin in settings.EMBED_ALLOWED_ORIGINS]
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise ImproperlyConfigured(
                f"EMBED_ALLOWED_ORIGINS: {origin!r} is not an origin like https://www.aalst.be"
            )
    return origins


def embed_policy(nonce: str) -> str:
    """The site's Content-Security-Policy, with the allowed origins as frame-ancestors."""
    ancestors = " ".join(["'self'", *allowed_origins()])
    return content_security_policy(nonce, frame_ancestors=ancestors)
