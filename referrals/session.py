"""The card being built, kept in the session: only service ids, their order, channel and address
choices, the layout, the card language (and whether Dutch is printed too) and which house style
to use. Never client data."""

from dataclasses import dataclass, field

from referrals.layouts import CARD_LANGUAGES, DEFAULT_CARD_LANGUAGE, DEFAULT_LAYOUT, LAYOUTS

SESSION_KEY = "referral_card"
MAX_CARD_SERVICES = 15


@dataclass
class CardEntry:
    service_id: int
    channel_ids: list[int] | None = None  # None: all of the service's channels
    location_id: int | None = None  # None: the first address; 0: no address on the card

    def to_dict(self) -> dict:
        return {"s": self.service_id, "c": self.channel_ids, "l": self.location_id}

    @classmethod
    def from_dict(cls, data) -> "CardEntry | None":
        try:
            service_id = int(data["s"])
            channels = data.get("c")
            channel_ids = None if channels is None else [int(pk) for pk in channels]
            location = data.get("l")
            location_id = None if location is None else int(location)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return cls(service_id, channel_ids, location_id)


@dataclass
class CardState:
    entries: list[CardEntry] = field(default_factory=list)
    layout: str = DEFAULT_LAYOUT
    language: str = DEFAULT_CARD_LANGUAGE
    bilingual: bool = False  # Dutch and the card language; only when that is not Dutch
    template_id: int | None = None

    # --- session round trip -------------------------------------------------------------------
    @classmethod
    def load(cls, session) -> "CardState":
        data = session.get(SESSION_KEY)
        if not isinstance(data, dict):
            return cls()
        entries, seen = [], set()
        for raw in data.get("entries") or []:
            entry = CardEntry.from_dict(raw)
            if entry and entry.service_id not in seen:
                seen.add(entry.service_id)
                entries.append(entry)
        layout = data.get("layout")
        language = data.get("language")
        template_id = data.get("template")
        language = language if language in dict(CARD_LANGUAGES) else DEFAULT_CARD_LANGUAGE
        return cls(
            entries=entries[:MAX_CARD_SERVICES],
            layout=layout if layout in LAYOUTS else DEFAULT_LAYOUT,
            language=language,
            bilingual=data.get("bilingual") is True and language != DEFAULT_CARD_LANGUAGE,
            template_id=template_id if isinstance(template_id, int) else None,
        )

    def save(self, session) -> None:
        session[SESSION_KEY] = {
            "entries": [entry.to_dict() for entry in self.entries],
            "layout": self.layout,
            "language": self.language,
            "bilingual": self.bilingual,
            "template": self.template_id,
        }

    # --- editing ------------------------------------------------------------------------------
    @property
    def service_ids(self) -> list[int]:
        return [entry.service_id for entry in self.entries]

    @property
    def is_full(self) -> bool:
        return len(self.entries) >= MAX_CARD_SERVICES

    def entry(self, service_id: int) -> CardEntry | None:
        return next((e for e in self.entries if e.service_id == service_id), None)

    def add(self, service_id: int) -> bool:
        """Add a service at the end; False when it is already on the card or the card is full."""
        if self.entry(service_id) or self.is_full:
            return False
        self.entries.append(CardEntry(service_id))
        return True

    def remove(self, service_id: int) -> None:
        self.entries = [e for e in self.entries if e.service_id != service_id]

    def move(self, service_id: int, offset: int) -> None:
        ids = self.service_ids
        if service_id not in ids:
            return
        old = ids.index(service_id)
        new = max(0, min(len(ids) - 1, old + offset))
        self.entries.insert(new, self.entries.pop(old))

    def replace(self, old_id: int, new_id: int) -> None:
        """Swap an ended service for its successor, keeping its place; drop it if already there."""
        entry = self.entry(old_id)
        if entry is None:
            return
        if self.entry(new_id):
            self.remove(old_id)
        else:
            entry.service_id, entry.channel_ids, entry.location_id = new_id, None, None
