from functools import lru_cache

import segno
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=2048)
def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code for a URL; sized by CSS (the .qr class), no XML declaration.

    Cached: a service's URL rarely changes, and choosing the best mask is most of the cost.
    """
    code = segno.make_qr(url, error="m")
    # The URL is encoded as modules, never written into the markup as text.
    return mark_safe(code.svg_inline(border=0, omitsize=True, svgclass="qr", lineclass=None))  # noqa: S308
