"""One record of an HSDS file: reads its fields and notes every problem with where it is."""

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PROBLEMS = 50


class DatasetError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class TooManyProblems(Exception):
    pass


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    # Data the model cannot hold, kept only in the stored original record (opendata.models).
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str):
        counter = getattr(self, outcome)
        counter[kind] = counter.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class Record:
    """Reads one record's fields and notes every problem with where it is."""

    def __init__(self, problems: list[str], where: str, data, path: str = "", notes=None):
        self.problems, self.where, self.path = problems, where, path
        self.notes = notes if notes is not None else []
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem("", _("moet een JSON-object zijn"))

    @property
    def id(self):
        return self.data.get("id")

    def problem(self, name: str, message) -> None:
        messages = message if isinstance(message, list) else [message]
        location = f"{self.path}{name}" or "record"
        for text in messages:
            self.problems.append(f"{self.where}: {location}: {text}")
        if len(self.problems) >= MAX_PROBLEMS:
            raise TooManyProblems

    def note(self, name: str, message: str) -> None:
        """Valid HSDS the model cannot hold as it is: kept in the original record."""
        self.notes.append(f"{self.where}: {f'{self.path}{name}' or 'record'}: {message}")

    def text(self, name: str, *, required=False, max_length=None) -> str:
        value = self.data.get(name)
        if value is None or value == "":
            if required:
                self.problem(name, _("ontbreekt"))
            return ""
        if not isinstance(value, str):
            self.problem(name, _("moet tekst zijn"))
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.note(name, f"longer than {max_length} characters: shortened in the directory")
            return value[: max_length - 1] + "…"
        return value

    def uuid(self, name: str, *, required=True) -> uuid.UUID | None:
        value = self.data.get(name)
        if value in (None, "") and not required:
            return None
        try:
            return uuid.UUID(str(value)) if value is not None else None
        except ValueError:
            pass
        self.problem(
            name,
            _("ontbreekt") if value is None else _("is geen geldige UUID: %r") % (value,),
        )
        return None

    def number(self, name: str) -> Decimal | None:
        value = self.data.get(name)
        if value is None:
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            return Decimal(str(value))
        except InvalidOperation:
            self.problem(name, _("is geen getal: %r") % (value,))
            return None

    def date(self, name: str) -> datetime.date | None:
        value = self.text(name)
        try:
            return datetime.date.fromisoformat(value[:10]) if value else None
        except ValueError:
            self.problem(name, _("is geen datum (JJJJ-MM-DD): %r") % (value,))
            return None

    def time(self, name: str) -> datetime.time | None:
        value = self.text(name, required=True)
        try:
            return datetime.time.fromisoformat(value) if value else None
        except ValueError:
            self.problem(name, _("is geen uur (UU:MM): %r") % (value,))
            return None

    def child(self, name: str) -> "Record | None":
        value = self.data.get(name)
        if value is None:
            return None
        return Record(self.problems, self.where, value, f"{self.path}{name}.", self.notes)

    def children(self, name: str) -> list["Record"]:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            self.problem(name, _("moet een lijst zijn"))
            return []
        return [
            Record(self.problems, self.where, item, f"{self.path}{name}[{index}].", self.notes)
            for index, item in enumerate(value)
        ]

    def validate(self, instance, fields=None, exclude=(), unique=True) -> bool:
        """Runs the model's own validation; `fields` maps model fields to HSDS fields.
        `unique=False` for rows that replace the ones they could clash with."""
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=unique, validate_constraints=unique
            )
        except ValidationError as error:
            for model_field, messages in error.message_dict.items():
                hsds_field = (fields or {}).get(model_field, model_field)
                self.problem("" if model_field == "__all__" else hsds_field, messages)
            return False
        return True
