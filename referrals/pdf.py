"""Render a referral card to PDF bytes with WeasyPrint.

The same template as the browser print view is used, so both follow static/css/card.css. WeasyPrint
may fetch nothing from the network or the file system: the stylesheet is passed in, the logo is
inlined as a data: URI and QR codes are inline SVG.
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from referrals.card import Card, logo_data_uri

CARD_STYLESHEET = "css/card.css"
PDF_TAGS = True  # a tagged PDF: structure and reading order for screen readers


@dataclass(frozen=True)
class RenderedCard:
    filename: str
    content_type: str
    content: bytes


class BlockedURL(ValueError):
    pass


def _data_only_url_fetcher(url: str, *args, **kwargs):
    """WeasyPrint's fetcher for data: URIs (the inlined logo); anything else is refused."""
    from weasyprint import URLFetcher

    if url.startswith("data:"):
        return URLFetcher(allowed_protocols=("data",), allow_redirects=False).fetch(url)
    raise BlockedURL(f"Card PDFs may not load {url[:60]!r}")


@cache
def _stylesheet():
    from weasyprint import CSS

    path = finders.find(CARD_STYLESHEET)
    return CSS(filename=path, url_fetcher=_data_only_url_fetcher)


def render_card_pdf(card: Card) -> RenderedCard:
    """Return the card as a PDF: the filename, content type and bytes.

    WeasyPrint is imported here, not at module level: it needs Pango from the system, and the
    rest of the site (the browser print view included) runs without it.
    """
    from weasyprint import HTML

    html = render_to_string(
        "referrals/card_print.html",
        # Every variable the template uses is given: a missing one makes Django log the
        # whole context at DEBUG level, client data included.
        {"card": card, "for_pdf": True, "logo_src": logo_data_uri(card.style), "csp_nonce": ""},
    )
    document = HTML(string=html, url_fetcher=_data_only_url_fetcher, base_url="/")
    content = document.write_pdf(stylesheets=[_stylesheet()], pdf_tags=PDF_TAGS)
    return RenderedCard(
        filename=f"doorverwijskaart-{card.made_on:%Y-%m-%d}.pdf",
        content_type="application/pdf",
        content=content,
    )
