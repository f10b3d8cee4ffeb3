"""Fault-injection fixtures: a redis-server and an SMTP sink of the test's own.

Both run as child processes on free local ports, so a test can kill them
(SIGKILL) or freeze them (SIGSTOP) without touching the machine's Redis, which
other test runs share.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import cache as fail_soft

HERE = Path(__file__).resolve().parent
# Ports for the test's own servers: by default whatever the system hands out (ephemeral
# ports, away from the fixed ones other processes use); FAULT_TEST_PORTS=first-last picks
# from a range instead.
_RANGE = os.environ.get("FAULT_TEST_PORTS", "")


def free_port() -> int:
    if not _RANGE:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
    first, last = (int(p) for p in _RANGE.split("-"))
    for port in random.sample(range(first, last + 1), last - first + 1):
        with socket.socket() as probe:
            # As the servers bind: connections of a server killed moments ago (TIME_WAIT)
            # do not make its port busy.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {_RANGE}")


def wait_until(predicate, timeout: float = 10.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


class ChildServer:
    """A server process the test may kill, freeze and thaw."""

    process: subprocess.Popen | None = None

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(10)
        self.process = None


class RedisServer(ChildServer):
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        for _ in range(5):
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(self.folder)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            # Ours answers only while our process lives: a server of someone else's on the
            # same port (taken between the probe and the start) must not pass for it.
            if wait_until(lambda: self.process.poll() is not None or self._answers()) and self.process.poll() is None:
                return
            self.process = None
            self.port = free_port()
        raise AssertionError("redis-server did not start")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class SMTPSink(ChildServer):
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()

    def start(self) -> None:
        for _ in range(5):
            self.process = subprocess.Popen(
                [sys.executable, str(HERE / "smtp_sink.py"), str(self.port), str(self.folder)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            if wait_until(self._started_or_died) and self.process.poll() is None:
                return
            self.process = None
            self.port = free_port()
        raise AssertionError("SMTP sink did not start")

    def _started_or_died(self) -> bool:
        return self.process.poll() is not None or (self.folder / "ready").exists()

    def hang_after_data(self, on: bool = True) -> None:
        flag = self.folder / "hang"
        if on:
            flag.write_text("1")
        else:
            flag.unlink(missing_ok=True)

    def received(self) -> Counter:
        log = self.folder / "received.tsv"
        lines = log.read_text().splitlines() if log.exists() else []
        return Counter(line.split("\t")[0] for line in lines)

    def message_ids(self) -> list[str]:
        log = self.folder / "received.tsv"
        return [line.split("\t")[1] for line in log.read_text().splitlines()] if log.exists() else []


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def smtp_sink(tmp_path, settings) -> Iterator[SMTPSink]:
    folder = tmp_path / "smtp"
    folder.mkdir()
    sink = SMTPSink(folder)
    sink.start()
    settings.EMAIL_BACKEND = "notifications.mail.SMTPBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    try:
        yield sink
    finally:
        sink.kill()


@pytest.fixture
def redis_cache(redis_server, settings, monkeypatch) -> Iterator:
    """The default and fragment caches on the test's own redis-server (FailSoftRedisCache),
    plus one more such backend to call directly."""
    from django.core.cache import caches

    options = settings.CACHES["default"].get("OPTIONS") or {
        "socket_connect_timeout": 0.25, "socket_timeout": 0.25, "retry_on_timeout": False,
    }
    backend = fail_soft.FailSoftRedisCache(redis_server.url(2), {"OPTIONS": options, "KEY_PREFIX": "faults"})
    monkeypatch.setattr(fail_soft, "errors", fail_soft._ErrorLog())
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": redis_server.url(2), "OPTIONS": options},
        "fragments": {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": redis_server.url(2),
                      "OPTIONS": options, "KEY_PREFIX": "frag"},
    }
    # (Changing CACHES makes Django drop its cache handlers, so the aliases now reach this server.)
    yield backend
    for alias in ("default", "fragments"):
        caches[alias].close()
