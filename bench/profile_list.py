"""Profile page-cache misses of the service list (or of PATH) in one process with pyinstrument.

    DATABASE_URL=... .venv/bin/python bench/profile_list.py [N] [PATH]

Renders N (default 200) pages, each a new URL (a page-cache miss: ``uncached=<n>`` is added),
after a warm-up. PATH defaults to the list with three filters and ``q={w}``; ``{w}`` is
replaced in turn by bench/latency.lua's search words (as in bench/instructions.py). Runs with
production settings (the shared filter choices on); prints pyinstrument's call tree (wall
time: on a busy machine, read it with the CPU time), then the milliseconds per page (wall and
CPU), the time waiting on SQL and rendering the template, from a second run of the same
pages without the profiler, and the CPU time of PostgreSQL's backend process when the server
runs on this machine (throughput on a shared machine is bounded by both)."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.update(DEBUG="false", SECRET_KEY="profile-only-" + "p" * 40)
os.environ.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="false", LOG_LEVEL="WARNING")
os.environ.setdefault("STATIC_ROOT", "/tmp/wegwijs-profile-static")


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template.response import TemplateResponse
    from django.test import Client
    from pyinstrument import Profiler

    from bench.pages import FILTERS, miss_path
    from bench.server import server_cpu_seconds

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    base = sys.argv[2] if len(sys.argv) > 2 else f"{FILTERS}&q={{w}}"
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    paths = [miss_path(base, n) for n in range(count)]
    for path in paths[:3]:
        assert client.get(path).status_code == 200
    sql = [0.0]

    def timed(execute, *args):
        began = time.perf_counter()
        try:
            return execute(*args)
        finally:
            sql[0] += time.perf_counter() - began

    profiler = Profiler(interval=0.0005)
    with profiler:
        for path in paths:
            client.get(path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))

    rendering = [0.0]
    render = TemplateResponse.rendered_content.fget

    def timed_render(response):
        began = time.perf_counter()
        try:
            return render(response)
        finally:
            rendering[0] += time.perf_counter() - began

    TemplateResponse.rendered_content = property(timed_render)
    paths = [f"{path}-again" for path in paths]
    server_cpu = server_cpu_seconds(connection)
    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        for path in paths:
            client.get(path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if server_cpu is not None:
        server_cpu = server_cpu_seconds(connection) - server_cpu
    per_page = {
        name: value / count * 1000
        for name, value in (
            ("wall", wall),
            ("cpu", cpu),
            ("sql", sql[0]),
            ("template", rendering[0]),
        )
    }
    print(f"{count} pages: {per_page['wall']:.1f} ms per page wall, {per_page['cpu']:.1f} ms CPU; "
          f"waiting on SQL {per_page['sql']:.1f} ms, rendering the template "
          f"{per_page['template']:.1f} ms")  # fmt: skip
    if server_cpu is not None:
        print(
            f"PostgreSQL's CPU (its backend process): {server_cpu / count * 1000:.1f} ms per page"
        )


if __name__ == "__main__":
    main()
