"""The admin login, slowed down per username over all addresses.

django-axes locks a username per address (5 failures, 15 minutes). An attacker with many
addresses could still try a password per address; so failures are also counted per username,
whatever the address, in the shared cache: after ``FREE_FAILURES`` the account is slowed down,
each further failure doubling the wait up to ``MAX_DELAY_SECONDS``. A slow-down, not a lock-out:
however long an attacker keeps trying, the real editor waits at most a minute per attempt, and
is told why. After logging in, the editor is told how many failed attempts there were.

Only a hash of the username is stored (with the secret key), never an address or a password.
"""

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

FREE_FAILURES = 5
MAX_DELAY_SECONDS = 60
WINDOW_SECONDS = 24 * 60 * 60
clock = time.time


def _keys(username: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{username.casefold()}".encode()).hexdigest()
    return f"login:failures:{digest[:32]}", f"login:last:{digest[:32]}"


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` failed attempts: 0 at first, then 2, 4, 8 … 60."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_DELAY_SECONDS)


def seconds_to_wait(username: str) -> int:
    failures_key, last_key = _keys(username)
    found = cache.get_many([failures_key, last_key])
    wait = found.get(last_key, 0) + delay_after(found.get(failures_key, 0)) - clock()
    return max(0, round(wait + 0.5)) if wait > 0 else 0


def record_failure(username: str) -> None:
    failures_key, last_key = _keys(username)
    cache.add(failures_key, 0, WINDOW_SECONDS)
    try:
        cache.incr(failures_key)
    except ValueError:
        cache.set(failures_key, 1, WINDOW_SECONDS)
    cache.set(last_key, clock(), WINDOW_SECONDS)


def take_failures(username: str) -> int:
    """The failures since the last login, forgotten now that the editor is in."""
    failures_key, last_key = _keys(username)
    failures = cache.get(failures_key) or 0
    cache.delete_many([failures_key, last_key])
    return failures


class ThrottledAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username") or ""
        wait = seconds_to_wait(username) if username and not self._locked_by_axes(username) else 0
        if wait:
            raise ValidationError(
                _(
                    "Voor deze gebruikersnaam is er de laatste tijd te vaak een fout wachtwoord "
                    "gegeven. Om je account te beschermen, wacht je nu %(seconds)s seconden "
                    "voor je opnieuw probeert."
                ),
                code="throttled",
                params={"seconds": wait},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                record_failure(username)
            raise
        failures = take_failures(username)
        if failures and self.request is not None:
            messages.warning(
                self.request,
                ngettext(
                    "Sinds je vorige aanmelding was er %(count)d mislukte poging om met jouw "
                    "gebruikersnaam aan te melden. Was jij dat niet? Kies dan een nieuw "
                    "wachtwoord en meld het aan de beheerder.",
                    "Sinds je vorige aanmelding waren er %(count)d mislukte pogingen om met "
                    "jouw gebruikersnaam aan te melden. Was jij dat niet? Kies dan een nieuw "
                    "wachtwoord en meld het aan de beheerder.",
                    failures,
                )
                % {"count": failures},
            )
        return cleaned_data

    def _locked_by_axes(self, username) -> bool:
        """django-axes answers a locked username and address itself (429, its own page)."""
        from axes.handlers.proxy import AxesProxyHandler

        return self.request is not None and AxesProxyHandler.is_locked(
            self.request, {"username": username}
        )
