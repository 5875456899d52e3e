"""Privacy-safe demand counters for policy signals ("signaleren op beleidsniveau").

Only aggregate counts per month are kept: no IP addresses, no sessions, no timestamps of single
visits. Search texts are kept only when they cannot carry personal details (see
``normalise_search_term``).
"""

import atexit
import datetime
import logging
import re
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

FEW_RESULTS = 2
MAX_TERM_LENGTH = 40
MAX_TERM_WORDS = 4
PERSONAL_TERM = "(persoonlijke of lange zoekvraag)"
_LOOKS_PERSONAL = re.compile(r"\d{3,}|@|https?:|www\.", re.IGNORECASE)


def normalise_search_term(raw: str) -> str:
    """A search text safe to count: short, lower case, and without anything that looks like a
    number, an email address or a link. Longer texts may tell a personal story, so they are
    counted under one shared label instead."""
    text = " ".join((raw or "").lower().split())
    if (
        len(text) > MAX_TERM_LENGTH
        or len(text.split()) > MAX_TERM_WORDS
        or _LOOKS_PERSONAL.search(text)
    ):
        return PERSONAL_TERM
    return text


class DemandCount(models.Model):
    class Event(models.TextChoices):
        SEARCH = "zoekopdracht", _("Zoekopdracht")
        SEARCH_FEW_RESULTS = "zoekopdracht_weinig", _("Zoekopdracht met weinig of geen resultaten")
        PROBLEM_VIEW = "probleem_bekeken", _("Probleem bekeken")
        PROBLEM_FEW_RESULTS = "probleem_weinig", _("Probleem met weinig of geen hulp")
        CARD_PRINTED = "kaart_afgedrukt", _("Dienst op een afgedrukte doorverwijskaart")

    month = models.DateField(_("maand"))
    event = models.CharField(_("soort"), max_length=30, choices=Event.choices)
    subject = models.CharField(
        _("onderwerp"), max_length=120, help_text=_("Zoekwoord, probleemtype of dienst.")
    )
    city = models.CharField(_("stad"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("wijk"), max_length=120, blank=True)
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        permissions = [("view_signals", _("Signalen bekijken (van de eigen steden)"))]
        ordering = ["-month", "event", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "event", "subject", "city", "neighbourhood"],
                name="one_counter_per_month_event_subject_place",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.get_event_display()}: {self.subject} ({self.count})"


def current_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def record(event: str, subject: str, *, city: str = "", neighbourhood: str = "", amount: int = 1):
    """Add ``amount`` to one monthly counter."""
    record_many([(event, subject, city, neighbourhood)], amount=amount)


def record_many(counters: list[tuple[str, str, str, str]], *, amount: int = 1, write: bool = True):
    """Add ``amount`` to each (event, subject, city, neighbourhood) counter of this month.

    The counts wait in this worker's memory and are written together, in one upsert, at most
    every ``INSIGHTS_FLUSH_SECONDS`` (0: at once). Most page views then write nothing; a worker
    that is killed loses at most those seconds of counts, and a clean shutdown writes them.
    ``write=False`` leaves the write to ``write_counts_if_due`` (at the end of the request, see
    insights.middleware)."""
    if not counters:
        return
    month = current_month()
    with _buffer_lock:
        for event, subject, city, neighbourhood in counters:
            key = (month, event, subject[:120], city[:100], neighbourhood[:120])
            _buffer[key] = _buffer.get(key, 0) + amount
    if write:
        write_counts_if_due()


def write_counts_if_due():
    """Write the waiting counts when ``INSIGHTS_FLUSH_SECONDS`` have passed since the last write."""
    with _buffer_lock:
        due = bool(_buffer) and time.monotonic() - _last_write[0] >= settings.INSIGHTS_FLUSH_SECONDS
    if due:
        write_counts()


def write_counts():
    """Write the counts waiting in this worker's memory, in one upsert statement.

    The rows go in the order of their keys: two workers writing some of the same counters then
    lock them in the same order and one waits for the other, where in any order they could
    deadlock. Counts that cannot be written now wait for the next write, and the page that
    writes them does not fail (pages run in autocommit: a failed statement leaves nothing open)."""
    with _buffer_lock:
        rows = sorted(_buffer.items())
        _buffer.clear()
        _last_write[0] = time.monotonic()
    if not rows:
        return
    table = DemandCount._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    params = [value for key, amount in rows for value in (*key, amount)]
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (month, event, subject, city, neighbourhood, count) "
                f"VALUES {values} "
                "ON CONFLICT (month, event, subject, city, neighbourhood) "
                f"DO UPDATE SET count = {table}.count + EXCLUDED.count",
                params,
            )
    except DatabaseError:
        logger.warning("Could not write %s insight counts; they wait for the next.", len(rows))
        with _buffer_lock:
            for key, amount in rows:
                _buffer[key] = _buffer.get(key, 0) + amount


_buffer: dict[tuple, int] = {}
_buffer_lock = threading.Lock()
_last_write = [time.monotonic()]


@atexit.register
def _write_counts_at_exit():
    try:
        write_counts()
    except Exception:  # the database may already be gone; these counts are statistics only
        logger.warning("Could not write %s waiting insight counts at exit.", len(_buffer))


def count_for_page(request, counters: list[tuple[str, str, str, str]]):
    """Records the counters of one page view and keeps them on the request, so that the page
    cache records them again each time it serves this page (see page_counters). A page can
    send several signals (a search within a problem type); their counts are written together,
    in one upsert, when the request is done (insights.middleware)."""
    request.demand_counters = [*getattr(request, "demand_counters", []), *counters]
    record_many(counters, write=False)


def page_counters(request) -> list[tuple[str, ...]]:
    """The counters of the page view being rendered, as plain strings for the page cache."""
    return [tuple(map(str, counter)) for counter in getattr(request, "demand_counters", ())]


def search_counters(raw_query: str, result_count: int, *, city: str = ""):
    term = normalise_search_term(raw_query)
    if not term:
        return []
    counters = [(DemandCount.Event.SEARCH, term, city, "")]
    if result_count <= FEW_RESULTS:
        counters.append((DemandCount.Event.SEARCH_FEW_RESULTS, term, city, ""))
    return counters


def problem_counters(problem_slug: str, result_count: int, *, city="", neighbourhood=""):
    counters = [(DemandCount.Event.PROBLEM_VIEW, problem_slug, city, neighbourhood)]
    if result_count <= FEW_RESULTS:
        counters.append((DemandCount.Event.PROBLEM_FEW_RESULTS, problem_slug, city, neighbourhood))
    return counters


def record_search(raw_query: str, result_count: int, *, city: str = ""):
    record_many(search_counters(raw_query, result_count, city=city))


def record_problem_view(problem_slug: str, result_count: int, *, city="", neighbourhood=""):
    record_many(
        problem_counters(problem_slug, result_count, city=city, neighbourhood=neighbourhood)
    )
