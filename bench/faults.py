"""Issue 16's fault figures in one run, printed as Markdown for README: p50 and p99 at 100
clients, and the answers counted by status, with Redis up, with Redis down, while Redis comes
back and while PostgreSQL restarts; and the time to recover from each.

One gunicorn (production settings, 4 sync workers) runs throughout, on a PostgreSQL cluster and
a Redis of the benchmark's own, so that both can be stopped and started: a throwaway cluster
in --pg-data on --pg-port (made with initdb and loaded with the demo data on the first run) and
a redis-server without persistence on a free port. Never the shared servers. The load
(bench/faults.lua, wrk) asks in turn for the home page, the Gent list (both from the page cache),
the health check, the two pages again and a service that does not exist (a 404; it and the
health check ask the database every time), after WARM_UP_SECONDS of the same load that are not
counted.

Recovery times:
- Redis: from Redis answering PING again to the first page stored in it again;
- PostgreSQL: from the cluster accepting connections again to the first 200 of /gezond/, asked
  every PROBE_SECONDS by a client of its own beside the load.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import environment, free_port, manage, start_gunicorn, stop  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "faults.lua"
WARM_UP_SECONDS = 5
PG_DOWN_SECONDS = 4  # how long PostgreSQL stays stopped in its phase
PROBE_SECONDS = 0.1
SERVER_LOG = Path(tempfile.gettempdir()) / "wegwijs-faults-gunicorn.log"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20, help="length of each phase")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pg-data", default="/tmp/wegwijs-faults-pg", help="the cluster's folder")
    parser.add_argument("--pg-port", type=int, default=55432)
    return parser.parse_args()


def wait_for(predicate, timeout: float, step: float = 0.05) -> float | None:
    """The moment (time.monotonic) ``predicate()`` first holds, None after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.monotonic()
        time.sleep(step)
    return None


class Postgres:
    """The benchmark's own throwaway cluster, driven with pg_ctl as its owner."""

    def __init__(self, datadir: str, port: int):
        if port == 5432:
            raise SystemExit("--pg-port 5432 is the shared server's: pick another port")
        self.datadir, self.port = datadir, port
        self.url = f"postgres://postgres@127.0.0.1:{port}/wegwijs_faults"
        versions = Path("/usr/lib/postgresql").glob("*/bin")
        bindirs = sorted(versions, key=lambda bindir: int(bindir.parent.name))
        if not bindirs:
            raise SystemExit("PostgreSQL's server binaries are needed (apt-get install postgresql)")
        self.bin = bindirs[-1]

    def _as_owner(self, *command, **kwargs):
        owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        return subprocess.run([*owner, *command], check=True, **kwargs)

    def _pg_ctl(self, *args):
        self._as_owner(
            str(self.bin / "pg_ctl"), "-D", self.datadir, "-l", f"{self.datadir}/server.log",
            *args, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def accepting(self) -> bool:
        import psycopg

        try:
            psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", connect_timeout=1).close()
        except psycopg.Error:
            return False
        return True

    def ensure(self, env):
        """Made, started, and loaded with the demo data, as far as it is not yet."""
        if not Path(self.datadir, "PG_VERSION").exists():
            os.makedirs(self.datadir, exist_ok=True)
            if os.getuid() == 0:
                subprocess.run(["chown", "postgres", self.datadir], check=True)
            self._as_owner(str(self.bin / "initdb"), "-D", self.datadir, "-U", "postgres",
                           "--auth=trust", stdout=subprocess.DEVNULL)  # fmt: skip
        if not self.accepting():
            self.start(wait=True)
        from bench.server import ensure_database

        ensure_database(self.url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")

    def start(self, wait=False):
        options = f"-h 127.0.0.1 -p {self.port} -k /tmp"
        self._pg_ctl("-w" if wait else "-W", "-o", options, "start")

    def stop(self):
        self._pg_ctl("-m", "fast", "-w", "stop")

    def stop_if_running(self):
        if self.accepting():
            self.stop()


class Redis:
    """A redis-server of the benchmark's own, without persistence."""

    def __init__(self):
        import redis

        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)

    def start(self):
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "yes",
             "--logfile", f"/tmp/wegwijs-faults-redis-{self.port}.log"],
            check=True,
        )  # fmt: skip

    def stop(self):
        import redis

        try:
            self.client.shutdown(nosave=True)
        except redis.ConnectionError:
            pass  # the server closes the connection as it goes
        wait_for(lambda: not self.answers(), timeout=10)

    def answers(self) -> bool:
        import redis

        try:
            return self.client.ping()
        except redis.RedisError:
            return False

    def holds_pages(self) -> bool:
        import redis

        try:
            return any(True for _ in self.client.scan_iter(match="*pagecache:page:*", count=1000))
        except redis.RedisError:
            return False


class Prober(threading.Thread):
    """Asks /gezond/ every PROBE_SECONDS on a connection of its own; keeps (sent, done, status)."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.answers, self.running = base, [], True

    def run(self):
        while self.running:
            sent = time.monotonic()
            request = urllib.request.Request(
                self.base + "/gezond/", headers={"X-Forwarded-Proto": "https"}
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = None
            self.answers.append((sent, time.monotonic(), status))
            time.sleep(PROBE_SECONDS)

    def first_200_sent_after(self, moment: float) -> float | None:
        return next((done for sent, done, status in self.answers
                     if sent >= moment and status == 200), None)  # fmt: skip


def start_wrk(base: str, seconds: float, connections: int) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
         "-H", "X-Forwarded-Proto: https", "-s", str(LUA), base + "/"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def wrk_result(process: subprocess.Popen) -> dict:
    output, _ = process.communicate()
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    result = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    result["load"] = os.getloadavg()[0]
    return result


def phase(base, args, during=None) -> tuple[dict, object]:
    """One wrk run; ``during()`` runs meanwhile (the fault), its value returned beside."""
    load = start_wrk(base, args.seconds, args.connections)
    outcome = during() if during else None
    return wrk_result(load), outcome


def redis_comes_back(redis):
    def during():
        time.sleep(3)
        redis.start()
        answering = wait_for(redis.answers, timeout=10)
        cached = wait_for(redis.holds_pages, timeout=30)
        return cached - answering if answering and cached else None

    return during


def postgres_restarts(postgres, prober):
    def during():
        time.sleep(5)
        stopped = time.monotonic()
        postgres.stop()
        time.sleep(PG_DOWN_SECONDS)
        postgres.start()
        accepting = wait_for(postgres.accepting, timeout=60)
        wait_for(lambda: prober.first_200_sent_after(accepting) is not None, timeout=60)
        first_200 = prober.first_200_sent_after(accepting)
        return {
            "down": accepting - stopped,
            "recovery": first_200 - accepting if first_200 else None,
        }

    return during


def row(name, result) -> str:
    keys = ("requests", "s200", "s404", "s503", "s503_bare", "s500")
    counts = [int(result[key]) for key in keys]
    others = int(result["other"] + result["socket_errors"])
    return (f"| {name} | {' | '.join(f'{n:,}' for n in counts)} | {others} "
            f"| {result['p50']:.1f} | {result['p99']:.1f} | {result['load']:.1f} |")  # fmt: skip


def report(results, redis_recovery, postgres_times, args):
    paths = "/, /diensten/?stad=gent, /gezond/, /, /diensten/?stad=gent, a 404 in turn"
    print(f"\ngunicorn {args.workers} sync workers, wrk 2 threads, {args.connections} clients, "
          f"{args.seconds} s a phase; {paths}\n")  # fmt: skip
    print(
        "| phase | requests | 200 | 404 | 503 with Retry-After | 503 without | 500 | other, socket "
        "errors | p50 ms | p99 ms | load average (1 min) at the end |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, result in results:
        print(row(name, result))
    print(f"\n- Redis answering again → first page stored in it again: {_seconds(redis_recovery)}")
    print(f"- PostgreSQL stopped → accepting connections again: {_seconds(postgres_times['down'])}")
    print("- PostgreSQL accepting connections again → first 200 of /gezond/: "
          f"{_seconds(postgres_times['recovery'])}")  # fmt: skip
    print(f"- server log (tracebacks of any 500): {SERVER_LOG}")


def _seconds(value) -> str:
    return "not within the phase" if value is None else f"{value:.2f} s"


def main():
    args = parse_args()
    postgres, redis = Postgres(args.pg_data, args.pg_port), Redis()
    with tempfile.TemporaryDirectory() as static_root:
        env = {**environment(static_root), "DATABASE_URL": postgres.url, "REDIS_URL": redis.url,
               "LOG_LEVEL": "ERROR"}  # fmt: skip
        postgres.ensure(env)
        redis.start()
        with open(SERVER_LOG, "w") as log:
            server, base = start_gunicorn(env, args.workers, stderr=log)
        prober = Prober(base)
        try:
            prober.start()
            wrk_result(start_wrk(base, WARM_UP_SECONDS, args.connections))
            results = [("Redis up", phase(base, args)[0])]
            redis.stop()
            results.append(("Redis down", phase(base, args)[0]))
            back, redis_recovery = phase(base, args, redis_comes_back(redis))
            results.append(("Redis coming back (after 3 s)", back))
            restart, postgres_times = phase(base, args, postgres_restarts(postgres, prober))
            results.append((f"PostgreSQL restarting (down {PG_DOWN_SECONDS} s)", restart))
        finally:
            prober.running = False
            stop(server)
            redis.stop()
            postgres.stop_if_running()
    report(results, redis_recovery, postgres_times, args)


if __name__ == "__main__":
    main()
