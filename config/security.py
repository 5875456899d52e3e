"""Response headers that the whole site shares: a strict Content-Security-Policy and a
Permissions-Policy. Django's SecurityMiddleware already sets HSTS, nosniff and Referrer-Policy.

Inline <style> or <script> elements are allowed only with the per-request nonce, available in
templates as ``{{ request.csp_nonce }}``. The admin keeps inline style attributes, which Django's
own admin templates still use; its scripts stay as strict as the public site's.
"""

import secrets

from django.conf import settings

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def content_security_policy(nonce: str, *, admin: bool = False) -> str:
    # A nonce would make browsers ignore 'unsafe-inline', so the admin gets no nonce for styles.
    style_src = "'self' 'unsafe-inline'" if admin else f"'self' 'nonce-{nonce}'"
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": style_src,
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL_PREFIX

    def __call__(self, request):
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(self.admin_prefix)
            response["Content-Security-Policy"] = content_security_policy(nonce, admin=is_admin)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
