"""Build a referral card from the session's choices and the directory's current data.

The card always shows today's data: unpublished or unknown services are left out, an ended service
is replaced by its successor (following a chain of successors), and the intermediary is told what
changed. Client data (first name, appointment lines) is passed in per request and never stored.
"""

import base64
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from directory.models import ContactChannel, Location, Service, ServiceAtLocation
from directory.templatetags.localized import is_rtl
from directory.translations import DUTCH, LocalizedText
from referrals.colours import normalize_hex
from referrals.layouts import DEFAULT_CARD_LANGUAGE, LAYOUTS, Layout
from referrals.models import DEFAULT_ACCENT, DEFAULT_PRIMARY, CardTemplate
from referrals.qr import qr_svg
from referrals.session import CardState

MAX_SUCCESSOR_HOPS = 5
_RESOLVE_FIELDS = ("id", "name", "slug", "status", "successor_id", "is_published")


@dataclass
class CardService:
    entry_id: int  # the id kept in the session (the service the intermediary chose)
    service: Service  # the service printed: the chosen one, or its successor
    all_channels: list[ContactChannel]
    channels: list[ContactChannel]
    all_locations: list[Location]
    location: Location | None
    detail_url: str
    summaries: list[LocalizedText] = field(default_factory=list)  # see _summaries
    replaced: Service | None = None
    # Client data: kept out of repr() so it can never reach a log line or a traceback.
    appointment: str = field(default="", repr=False)

    @property
    def qr_svg(self) -> SafeString:
        return qr_svg(self.detail_url)

    @property
    def address_line(self) -> str:
        location = self.location
        if location is None:
            return ""
        if not location.address:
            return f"{location.name}, {location.city}"
        postcode = f"{location.postcode} " if location.postcode else ""
        return f"{location.address}, {postcode}{location.city}"

    @property
    def shows_address(self) -> bool:
        """The address line, unless a printed channel (a walk-in) already gives that address:
        the pocket card's panels have no room for the same line twice."""
        line = self.address_line
        return bool(line) and not any(
            " ".join(channel.value.split()) == line for channel in self.channels
        )


@dataclass
class Card:
    services: list[CardService]
    layout: Layout
    language: str
    style: CardTemplate | None
    bilingual: bool = False
    notices: list[str] = field(default_factory=list)
    replacements: dict[int, int] = field(default_factory=dict)  # chosen id -> successor id
    missing_ids: list[int] = field(default_factory=list)
    client_name: str = field(default="", repr=False)  # client data, see CardService
    made_on: date = field(default_factory=timezone.localdate)

    @property
    def is_empty(self) -> bool:
        return not self.services

    @property
    def languages(self) -> list[str]:
        """The languages of the fixed texts, the page's language first."""
        return [DEFAULT_CARD_LANGUAGE, self.language] if self.bilingual else [self.language]

    @property
    def page_language(self) -> str:
        return self.languages[0]

    @property
    def direction(self) -> str:
        return "rtl" if is_rtl(self.page_language) else "ltr"

    @property
    def colour_css(self) -> SafeString:
        """CSS custom properties for the house colours; values are re-validated hex codes."""
        primary = normalize_hex(self.style.primary_colour if self.style else DEFAULT_PRIMARY)
        accent = normalize_hex(self.style.accent_colour if self.style else DEFAULT_ACCENT)
        return mark_safe(f":root{{--card-primary:{primary};--card-accent:{accent};}}")  # noqa: S308


def logo_data_uri(style: CardTemplate | None) -> str:
    """The stored logo (always a re-encoded PNG) inlined, so the print view and the PDF need no
    media server and WeasyPrint needs no file access."""
    if not style or not style.logo:
        return ""
    with style.logo.open("rb") as logo:
        encoded = base64.b64encode(logo.read()).decode("ascii")
    return f"data:image/png;base64,{encoded}"


def _resolve_successors(ids: list[int]):
    """Map each chosen id to the id to print.

    Returns (replacements, ended, missing, rows): chosen id -> successor id to print; chosen id ->
    the ended service chosen; ids with nothing to print; and the light Service rows read.

    One query, plus one per further step along chains of more than one successor.
    """
    rows: dict[int, Service] = {}
    todo = set(ids)
    for _hop in range(MAX_SUCCESSOR_HOPS + 1):
        if not todo:
            break
        for service in (
            Service.objects.published()
            .filter(pk__in=todo)
            .select_related("successor")
            .only(*_RESOLVE_FIELDS, *(f"successor__{name}" for name in _RESOLVE_FIELDS))
        ):
            rows[service.pk] = service
            successor = service.successor if service.successor_id else None
            if successor is not None and successor.is_published:
                rows.setdefault(successor.pk, successor)
        todo = {
            row.successor_id
            for row in rows.values()
            if row.is_ended and row.successor_id and row.successor_id not in rows
        }

    replacements, ended, missing = {}, {}, set()
    for chosen in ids:
        current = rows.get(chosen)
        if current is not None and current.is_ended:
            ended[chosen] = current
        hops = 0
        while current is not None and current.is_ended and hops < MAX_SUCCESSOR_HOPS:
            current = rows.get(current.successor_id) if current.successor_id else None
            hops += 1
        if current is None or current.is_ended:
            missing.add(chosen)
        elif current.pk != chosen:
            replacements[chosen] = current.pk
    return replacements, ended, missing, rows


def current_service(service_id: int) -> tuple[Service | None, Service | None]:
    """For a service someone wants on a card: (the service to put on it, or None; the ended
    service it replaces, or None). Follows chains of successors like build_card does."""
    replacements, ended, missing, rows = _resolve_successors([service_id])
    if service_id in missing:
        return None, ended.get(service_id)
    return rows[replacements.get(service_id, service_id)], ended.get(service_id)


def _services_with_contact_data(ids, language):
    """The services to print, their summary in ``language`` when translated."""
    return {
        service.pk: service
        for service in Service.objects.published()
        .active()
        .filter(pk__in=ids)
        .translated(language, fields=("summary",))
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "contact_channels", queryset=ContactChannel.objects.order_by("position", "pk")
            ),
            Prefetch(
                "service_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location__city", "location__neighbourhood"
                ),
            ),
        )
    }


def build_card(
    state: CardState,
    *,
    base_url: str,
    appointments: dict[int, str] | None = None,
    client_name: str = "",
    style: CardTemplate | None = None,
) -> Card:
    """The card for this session state, with current data. `base_url` makes QR links absolute."""
    appointments = appointments or {}
    layout = LAYOUTS[state.layout]
    if style is None and state.template_id:
        style = CardTemplate.objects.filter(pk=state.template_id).first()
    card = Card(
        services=[],
        layout=layout,
        language=state.language,
        bilingual=state.bilingual,
        style=style,
        client_name=client_name,
    )
    chosen_ids = state.service_ids
    if not chosen_ids:
        return card

    replacements, ended, missing, _rows = _resolve_successors(chosen_ids)
    printed_ids = [replacements.get(pk, pk) for pk in chosen_ids if pk not in missing]
    services = _services_with_contact_data(printed_ids, state.language)
    card.replacements = replacements

    seen = set()
    for entry in state.entries:
        chosen = entry.service_id
        if chosen in missing:
            card.missing_ids.append(chosen)
            if chosen in ended:
                card.notices.append(
                    _(
                        "“%(name)s” is gestopt en heeft geen opvolger. "
                        "Deze dienst staat niet meer op de kaart."
                    )
                    % {"name": ended[chosen].name}
                )
            else:
                card.notices.append(
                    _("Een dienst op je kaart staat niet meer op Wegwijs. We hebben ze weggelaten.")
                )
            continue
        printed_id = replacements.get(chosen, chosen)
        service = services.get(printed_id)
        if service is None:  # unpublished between the two queries
            card.missing_ids.append(chosen)
            continue
        if printed_id in seen:
            card.notices.append(
                _("“%(old)s” is gestopt. De opvolger “%(new)s” stond al op de kaart.")
                % {"old": ended[chosen].name, "new": service.name}
            )
            continue
        seen.add(printed_id)
        replaced = ended.get(chosen) if printed_id != chosen else None
        if replaced is not None:
            card.notices.append(
                _("“%(old)s” is gestopt. We zetten de opvolger “%(new)s” op de kaart.")
                % {"old": replaced.name, "new": service.name}
            )
        card.services.append(
            _card_service(entry, service, replaced, card, base_url, appointments.get(chosen, ""))
        )
    return card


def with_new_choices(
    card: Card,
    state: CardState,
    *,
    base_url: str,
    appointments: dict[int, str] | None = None,
    client_name: str = "",
) -> Card:
    """The same card after the intermediary changed order, channels, address, layout or
    language, built from the services already loaded: no new queries, except one to read the
    summaries again when the language changed."""
    appointments = appointments or {}
    loaded = {entry.entry_id: entry for entry in card.services}
    reloaded = {}
    if state.language != card.language:
        reloaded = _services_with_contact_data(
            [item.service.pk for item in card.services], state.language
        )
    new_card = Card(
        services=[],
        layout=LAYOUTS[state.layout],
        language=state.language,
        bilingual=state.bilingual,
        style=card.style,
        notices=card.notices,
        replacements=card.replacements,
        missing_ids=card.missing_ids,
        client_name=client_name,
    )
    for entry in state.entries:
        if entry.service_id not in loaded:
            continue
        item = loaded[entry.service_id]
        service = reloaded.get(item.service.pk, item.service)
        new_card.services.append(
            _card_service(
                entry,
                service,
                item.replaced,
                new_card,
                base_url,
                appointments.get(entry.service_id, ""),
            )
        )
    return new_card


def _summaries(service: Service, card: Card) -> list[LocalizedText]:
    """The summary in the card's language (Dutch when not translated); on a bilingual card the
    Dutch one first, then the translation if there is one."""
    summary = service.localized("summary")
    if card.bilingual and summary.lang != DUTCH:
        return [LocalizedText(service.summary, DUTCH), summary]
    return [summary]


def _page_in(language: str, service: Service) -> str:
    """The service's page in the card's language (the client's language on a bilingual card):
    the QR code opens the page the client can read."""
    with translation.override(language):
        return service.get_absolute_url()


def _card_service(entry, service, replaced, card, base_url, appointment) -> CardService:
    layout = card.layout
    all_channels = list(service.contact_channels.all())
    if replaced is None and entry.channel_ids is not None:
        chosen = set(entry.channel_ids)
        channels = [channel for channel in all_channels if channel.pk in chosen]
    else:
        channels = all_channels
    all_locations = [link.location for link in service.service_locations.all()]
    location = all_locations[0] if all_locations else None
    if replaced is None and entry.location_id is not None:
        if entry.location_id == 0:
            location = None
        else:
            location = next((loc for loc in all_locations if loc.pk == entry.location_id), location)
    return CardService(
        entry_id=entry.service_id,
        service=service,
        all_channels=all_channels,
        channels=channels[: layout.max_channels],
        all_locations=all_locations,
        location=location,
        detail_url=base_url.rstrip("/") + _page_in(card.language, service),
        summaries=_summaries(service, card),
        replaced=replaced,
        appointment=appointment,
    )
