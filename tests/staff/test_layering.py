"""The directory (the domain) knows nothing of staff: the admin is assembled in staff/."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
STAFF_IMPORT = re.compile(r"^\s*(from staff\b|import staff\b)", re.MULTILINE)


def test_the_directory_never_imports_staff():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "directory").rglob("*.py")
        if STAFF_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
