"""Just enough of a .po reader for the catalogue tests (polib is not a dependency)."""

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    locations: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def _string(text: str) -> str:
    return ast.literal_eval(text.strip())


def read(path: Path) -> list[Entry]:
    """The entries of a .po file, without the header and obsolete (#~) entries."""
    entries, entry, target = [], Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if target is not None and entry.msgid:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.locations.extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            target, entry.msgctxt = "msgctxt", _string(line[8:])
        elif line.startswith("msgid_plural "):
            target, entry.msgid_plural = "msgid_plural", _string(line[13:])
        elif line.startswith("msgid "):
            target, entry.msgid = "msgid", _string(line[6:])
        elif line.startswith("msgstr["):
            index, text = line[7:].split("]", 1)
            target = int(index)
            entry.msgstr[target] = _string(text)
        elif line.startswith("msgstr "):
            target, entry.msgstr[0] = 0, _string(line[7:])
        elif line.startswith('"'):
            if isinstance(target, int):
                entry.msgstr[target] += _string(line)
            else:
                setattr(entry, target, getattr(entry, target) + _string(line))
    return entries
