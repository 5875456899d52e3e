"""The bench's server side: a database per size filled with the demo and generated services,
gunicorn with production settings, its workers' memory and PostgreSQL's CPU time."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(static_root):
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-" + "b" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env, services):
    """Migrate, load the demo and, unless they are there already, the generated services;
    return how long generate_bulk took (None when it did not run)."""
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "-v0")
    count = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from directory.models import Service;"
         "print(Service.objects.filter(slug__startswith='bulk-').count())"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip
    generated = None
    if int(count) != services:
        began = time.monotonic()
        manage(env, "generate_bulk", "--services", str(services), "--clear", "-v0")
        generated = time.monotonic() - began
    manage(env, "collectstatic", "--noinput", "-v0")
    vacuum(env["DATABASE_URL"])
    return generated


def vacuum(url):
    """Clean up after the writes above and refresh the planner's statistics, as autovacuum does
    in production. Without it (autovacuum is off on some machines) load_demo's rewrite of every
    search document leaves three dead rows per service, and the planner misjudges the table."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, workers, stderr=None, options=(), app="config.wsgi"):
    """gunicorn serving ``app`` with production settings on a free port, once it answers;
    ``options``: more of gunicorn's command-line options."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning", *options],
        cwd=ROOT, env=env, stderr=stderr,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/__bench__/bare/", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def stop(server):
    """Stop gunicorn; on a loaded machine its workers may still be busy with queued slow
    renders, so after 20 s it is killed."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def worker_rss_kib(master_pid):
    rss = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            rss[status.parent.name] = int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1))
    return rss


def server_cpu_seconds(connection) -> float | None:
    """The CPU time of this connection's PostgreSQL backend so far, when it runs on this
    machine (read from /proc), else None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_for(url, size, several):
    if not several:
        return url
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path}_{size}"))
