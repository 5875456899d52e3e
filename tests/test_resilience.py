"""The site under a database outage: a clean 503 page while PostgreSQL is down, and recovery on its
own when it is back. Runs gunicorn (production settings) against a throwaway PostgreSQL server
started from the local binaries, so stopping it does not disturb the rest of the suite."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.web_process import (
    ROOT,
    answers,
    fetch,
    free_port,
    production_env,
    start_gunicorn,
    wait_for,
)


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
    # production_env caches no page: one cached before the outage would still answer.
    env = production_env(
        f"postgres://postgres@127.0.0.1:{postgres_port}/postgres", tmp_path / "static"
    )
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
    server = start_gunicorn(env, port)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: answers(url))
        yield url, postgres
    finally:
        server.terminate()
        server.wait(timeout=10)
        try:
            postgres.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        postgres.remove()


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
