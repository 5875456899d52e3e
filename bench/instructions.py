"""Count the instructions Python executes for a page-cache miss, with valgrind's callgrind:
a figure a busy machine does not change, for comparing two versions of the code (run it in
each checkout, on the same database).

    DATABASE_URL=... .venv/bin/python bench/instructions.py [PATH] [--pages N]

PATH (default: bench/pages.py's list with three filters) may hold ``{w}``, replaced in turn by
bench/latency.lua's search words; every request gets ``uncached=<n>``, so it is a miss. The
script runs the same process twice under callgrind, once with N pages (default 60) after a
warm-up of 5 and once with the warm-up alone, and prints the difference per page. Only this
process is counted: PostgreSQL's work is not (bench/search_sql.py times the search SQL). Needs
valgrind (Debian: apt-get install valgrind); each run takes a minute or two."""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WARM_UP = 5


def render(path: str, pages: int) -> None:
    """The measured process: WARM_UP misses, then ``pages`` more."""
    import django

    django.setup()
    from django.test import Client

    from bench.pages import miss_path

    client = Client()
    for number in range(WARM_UP):
        client.get(miss_path(path, number, "w"))
    for number in range(pages):
        client.get(miss_path(path, number, "p"))


def counted(path: str, pages: int, env: dict) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             sys.executable, __file__, "--render", path, "--pages", str(pages)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default="/diensten/?stad=gent&gratis=on&tolk=on&q={w}")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--render", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        render(args.path, args.pages)
        return
    from bench.server import environment

    with tempfile.TemporaryDirectory() as static_root:
        env = environment(static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        alone = counted(args.path, 0, env)
        with_pages = counted(args.path, args.pages, env)
    per_page = (with_pages - alone) / args.pages
    print(f"{args.path}: {per_page / 1e6:.1f} million instructions per page ({args.pages} pages)")


if __name__ == "__main__":
    main()
