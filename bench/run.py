"""`make bench`: ankle_education pages side by side with a django.contrib.flatpages page.

Two gunicorn servers (2 workers each, production settings) serve the example site,
one with the page cache on and one with it off; both also serve a flatpage holding
the same text. wrk (2 threads, 16 connections) measures each page in turn, in
alternating rounds, so the ratios compare pages measured under the same conditions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'example_project'}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "benchmark-only-" + "s" * 50,
        **extra,
    }


@contextmanager
def gunicorn(port: int, workers: int = 2, access_log: Path | None = None, **extra_env: str) -> Iterator[str]:
    """A gunicorn server on 127.0.0.1:port, stopped on exit.

    Settings from ``DJANGO_SETTINGS_MODULE`` in ``extra_env`` (bench.settings by default);
    ``access_log`` records each request as "<worker pid> <status> <path>".
    """
    env = environment(**extra_env)
    logging = ["--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s %(U)s"] if access_log else []
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "clinic_site.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--env", f"DJANGO_SETTINGS_MODULE={env['DJANGO_SETTINGS_MODULE']}", *logging],
        cwd=REPO, env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


VCL = REPO / "example_project" / "deploy" / "varnish" / "default.vcl"


@contextmanager
def varnish(backend_port: int, purgers: str = '"127.0.0.1";') -> Iterator[str]:
    """Varnish 7 on a free port, running the repository's VCL with its backend port and purge ACL
    rewritten, in its own work directory, stopped on exit."""
    workdir = Path(tempfile.mkdtemp(prefix="ankle-varnish-"))
    vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";')
    vcl = re.sub(r"acl purgers \{[^}]*\}", f"acl purgers {{ {purgers} }}", vcl)
    (workdir / "default.vcl").write_text(vcl)
    port = free_port()
    # -j none: stay root, so Varnish can read its private work directory (it would drop to "varnish").
    process = subprocess.Popen(
        ["varnishd", "-F", "-j", "none", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0",
         "-f", str(workdir / "default.vcl"), "-s", "malloc,64m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(url + "/", method="HEAD"), timeout=2)
                break
            except urllib.error.HTTPError:
                break  # Varnish answers, whether or not its backend is up yet
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(f"varnishd did not start: {stderr}") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def page_bytes(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return len(response.read())


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def to_ms(text: str) -> float:
    """A wrk latency ("812.00us", "3.21ms", "1.02s", "1.50m") in milliseconds; NaN if wrk gave none."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    """One wrk run: requests/s, p50 and p99 latency in ms, and errors (socket errors and non-2xx)."""
    output = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{seconds}s",
         "--timeout", "10s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict[str, float]:
    """requests/s, p50 and p99 in ms and errors from what ``wrk --latency`` prints."""
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(first_group(r"Requests/sec:\s+([\d.]+)", output)),
        # Anchored: the "+/- Stdev" column above ends in "%" too ("72.50%").
        "p50": to_ms(first_group(r"^\s+50%\s+(\S+)", output, re.M)),
        "p99": to_ms(first_group(r"^\s+99%\s+(\S+)", output, re.M)),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def first_group(pattern: str, output: str, flags: int = 0) -> str:
    """The first group of ``pattern``'s first match in wrk's report."""
    match = re.search(pattern, output, flags)
    if match is None:
        raise ValueError(f"wrk's report has no line matching {pattern!r}")
    return match.group(1)


def wait_until_idle(server: str, seconds: float = 60) -> None:
    """Let a server finish the requests wrk left queued, so they never slow the next measurement."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(server + "/", timeout=seconds).read()
        if time.monotonic() - started < 0.05:
            return


def prepare(size: str, database: str) -> dict[str, str]:
    completed = subprocess.run(
        [PYTHON, "-m", "bench.prepare", "--size", size],
        cwd=REPO, env=environment(BENCH_SQLITE=database), capture_output=True, text=True, check=True,
    )
    paths: dict[str, str] = json.loads(completed.stdout.strip().splitlines()[-1])
    return paths


def measure(size: str, rounds: int, seconds: int, load_seconds: int, floor: bool = False) -> None:
    database = str(Path(tempfile.mkdtemp(prefix="ankle-bench-")) / f"{size}.sqlite3")
    paths = prepare(size, database)
    with ExitStack() as stack:
        cached_port = free_port()
        # Varnish (the repository's VCL) in front of the cached server, which purges it on every edit.
        edge = stack.enter_context(varnish(cached_port))
        cached = stack.enter_context(
            gunicorn(cached_port, BENCH_SQLITE=database, ANKLE_CACHE_PAGES="true", VARNISH_URL=edge + "/")
        )
        uncached = stack.enter_context(gunicorn(free_port(), BENCH_SQLITE=database, ANKLE_CACHE_PAGES="false"))
        targets = {
            "flatpage": cached + paths["flatpage"],
            "condition (Varnish)": edge + paths["condition"],
            "hub (Varnish)": edge + paths["hub"],
            "hub (cached)": cached + paths["hub"],
            "condition (cached)": cached + paths["condition"],
            # A link shared on a social network: its tracking parameters are dropped before the cache is asked.
            "condition (cached, tracked)": cached + paths["condition"] + "?utm_source=social&fbclid=IwAR0bench",
            "condition (uncached)": uncached + paths["condition"],
            "hub (uncached)": uncached + paths["hub"],
            "condition list (uncached)": uncached + paths["condition_list"],
            "search (uncached)": uncached + paths["search"],
            "sitemap (cached)": cached + paths["sitemap"],
            "sitemap (uncached)": uncached + paths["sitemap"],
        }
        if floor:
            targets.update({
                "flatpage + 1 query": uncached + "/floor/flatpage-with-queries/1/",
                "flatpage + 5 queries": uncached + "/floor/flatpage-with-queries/5/",
                "condition template only": uncached + "/floor/condition-template-only/",
            })
        sizes = {name: page_bytes(url) for name, url in targets.items()}  # fails loudly on any non-200
        for url in targets.values():  # warm each worker's connections and the page cache
            subprocess.run(["wrk", "-t1", "-c4", "-d1s", url], capture_output=True, check=True)
        wait_until_idle(cached)
        wait_until_idle(uncached)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
        for _ in range(rounds):  # alternate, so drift in the machine's speed hits every page alike
            for name, url in targets.items():
                runs[name].append(wrk(url, seconds, 16))
                wait_until_idle(cached)
                wait_until_idle(uncached)
        report(size, sizes, runs)
        if load_seconds:
            load = wrk(targets["condition (Varnish)"], load_seconds, 64)
            print(f"\nLoad run, condition page through Varnish, {load_seconds} s at 64 connections: "
                  f"{load['rps']:.0f} req/s, p50 {load['p50']:.2f} ms, p99 {load['p99']:.2f} ms, "
                  f"errors {load['errors']:.0f}")
            if load["errors"]:
                sys.exit("The load run had errors.")


def report(size: str, sizes: dict[str, int], runs: dict[str, list[dict[str, float]]]) -> None:
    stylesheet = REPO / "ankle_education" / "static" / "ankle_education" / "ankle_education.css"
    print(f"\n== Library: {size} ==")
    print(f"{'page':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>8} {'errors':>7}")
    medians = {}
    for name, results in runs.items():
        medians[name] = {key: statistics.median(r[key] for r in results) for key in ("rps", "p50", "p99")}
        errors = sum(r["errors"] for r in results)
        print(f"{name:28} {medians[name]['rps']:8.0f} {medians[name]['p50']:8.2f} {medians[name]['p99']:8.2f} "
              f"{sizes[name]:8d} {errors:7.0f}")
    flat = medians["flatpage"]["rps"]
    print(f"stylesheet: {stylesheet.stat().st_size} bytes")
    print(f"ratio condition Varnish / flatpage:  {medians['condition (Varnish)']['rps'] / flat:.2f} (bar: >= 10)")
    print(f"ratio condition cached / flatpage:   {medians['condition (cached)']['rps'] / flat:.2f} (bar: >= 1.3)")
    print(f"ratio condition uncached / flatpage: {medians['condition (uncached)']['rps'] / flat:.2f}")
    print(f"ratio hub cached / flatpage:         {medians['hub (cached)']['rps'] / flat:.2f}")
    extra = ("condition (cached, tracked)", "flatpage + 1 query", "flatpage + 5 queries", "condition template only")
    for name in extra:
        if name in medians:
            print(f"ratio {name} / flatpage: {medians[name]['rps'] / flat:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="starter,large", help="starter, large or both (comma-separated)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--load-seconds", type=int, default=0, help="then a load run at 64 connections through Varnish")
    parser.add_argument("--floor", action="store_true",
                        help="also measure the flatpage with the condition page's queries, and its template alone")
    options = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("varnishd"):
        sys.exit("wrk or varnishd is missing: apt-get install wrk varnish varnish-modules (make bench does)")
    for size in options.sizes.split(","):
        measure(size, options.rounds, options.seconds, options.load_seconds, options.floor)


if __name__ == "__main__":
    main()
