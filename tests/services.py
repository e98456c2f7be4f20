"""Real services for whole-site tests: Redis and Varnish on free loopback ports, each in its own
temporary directory, stopped by PID; and the example site's production settings to run them with."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from bench.run import environment, free_port, varnish
from tests.quality import require_tool

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def redis_server() -> Iterator[tuple[str, redis.Redis]]:
    """Debian's redis-server on a free port: its URL and a client."""
    require_tool(shutil.which("redis-server") is not None, "redis-server is missing: apt-get install redis-server")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0", client
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def varnish_server(backend_port: int, purgers: str = '"127.0.0.1";') -> Iterator[str]:
    """Debian's Varnish 7 running the repository's VCL (bench.run.varnish); its URL."""
    require_tool(shutil.which("varnishd") is not None, "varnishd is missing: apt-get install varnish varnish-modules")
    with varnish(backend_port, purgers) as url:
        yield url


def production(database: Path, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment the production settings read, for servers on loopback over plain HTTP."""
    return {
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings_production",
        "SECRET_KEY": "whole-site-test-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        # One SQLite file for every server, even in the PostgreSQL leg of CI.
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": redis_url,
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> str:
    """Run the example site's manage.py with ``env`` (as from ``production``); its output."""
    completed = subprocess.run(
        [sys.executable, "example_project/manage.py", *args], cwd=REPO, env=environment(**env),
        check=True, capture_output=True, text=True,
    )
    return completed.stdout
