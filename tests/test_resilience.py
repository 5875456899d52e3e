"""The site under a database outage: a clean 503 page while PostgreSQL is down, and recovery on its
own when it is back. Runs gunicorn (production settings) against a throwaway PostgreSQL server
started from the local binaries, so stopping it does not disturb the rest of the suite."""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


class ThrowawayPostgres:
    def __init__(self, port):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not binaries:
            pytest.skip("no PostgreSQL server binaries installed")
        self.bin = binaries[-1]
        self.port = port
        # Outside pytest's private tmp folders, which the postgres user may not enter.
        self.datadir = Path(tempfile.mkdtemp(prefix="wegwijs-outage-"))
        self.as_owner = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.datadir, "postgres")
        self.run("initdb", "-D", str(self.datadir), "-U", "postgres", "--auth=trust")

    def run(self, tool, *args):
        subprocess.run(
            [*self.as_owner, f"{self.bin}/{tool}", *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self):
        self.run(
            "pg_ctl", "-D", str(self.datadir), "-w", "-l", str(self.datadir / "log"),
            "-o", f"-h 127.0.0.1 -p {self.port} -k {self.datadir}", "start",
        )  # fmt: skip

    def stop(self):
        self.run("pg_ctl", "-D", str(self.datadir), "-w", "-m", "fast", "stop")

    def remove(self):
        shutil.rmtree(self.datadir, ignore_errors=True)


@pytest.fixture
def outage_site(tmp_path):
    postgres_port = free_port()
    port = free_port()
    env = {
        key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    } | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres_port}/postgres",
        "DEBUG": "false",
        "SECRET_KEY": "resilience-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        # The outage path is under test: a page cached before the outage would still answer.
        "PAGE_CACHE_SECONDS": "0",
    }
    manage = [sys.executable, "manage.py"]
    # collectstatic needs no database: it runs while the cluster is made and filled.
    static = subprocess.Popen([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env)
    postgres = ThrowawayPostgres(postgres_port)
    postgres.start()
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [*manage, *command, "-v0"], cwd=ROOT, env=env, check=True, capture_output=True,
            timeout=300,
        )  # fmt: skip
    assert static.wait(timeout=300) == 0, "collectstatic failed"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: _answers(url))
        yield url, postgres
    finally:
        server.terminate()
        server.wait(timeout=10)
        try:
            postgres.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        postgres.remove()


def _answers(url):
    try:
        fetch(url)
    except (urllib.error.URLError, ConnectionError):
        return False
    return True


def test_pages_answer_503_while_the_database_is_down_and_recover_by_themselves(outage_site):
    url, postgres = outage_site
    status, _, body = fetch(url)
    assert status == 200
    assert "Waarmee kunnen we je helpen?" in body

    postgres.stop()
    status, headers, body = fetch(url)
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Wegwijs is even niet bereikbaar" in body
    assert "Traceback" not in body and "OperationalError" not in body
    status, headers, body = fetch(url + "gezond/")
    assert status == 503
    assert headers["Retry-After"] == "30"

    postgres.start()
    status, _, body = fetch(url)
    assert status == 200
    assert "Waarmee kunnen we je helpen?" in body
