"""Benchmark: the partner API's initiative list on city-scale data, served by gunicorn.

Measures in one run against the same gunicorn (production settings, bench/bench_settings.py):

    bare   /__bench_bare__                             a minimal Django view: the floor
    api    /api/v1/initiatives/?page_size=20           the API list, first page
    cold   /api/v1/initiatives/?page_size=20&bench=1   page 1 computed on every request
    deep   /api/v1/initiatives/?page_size=20&bench=1&cursor=…  the page 1,000 pages deep, computed too

and prints the ratios api/bare (issue 14's goal ≥ 0.25, long-term 0.5), cold/bare and deep/cold
(goal: the deep page within 1.5× of the first). `api` is served from the list's page cache
(initiatives/api/cache.py) after its first request, as every page is between two changes of the
catalogue; `cold` and `deep` carry a parameter the list does not know, so their pages are never
kept: they measure what every request cost before the cache, and what the first request for a
page after a change (a support, a publication) costs now. It reuses the load generator, the
server handling and the city loader of bench/initiatives_pages.py; the anonymous API throttle
is lifted for the run (API_THROTTLE_ANON) so that the limiter does not measure itself (it still
counts: one INCR per request, in the same round trip as the page's lookup).

Needs PostgreSQL and Redis:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tolyatti_city \\
    REDIS_URL=redis://127.0.0.1:6379/7 .venv/bin/python bench/api_list.py [--load] [--port 8155]

`--in-process` runs no server: the same four requests through Django's test client (the whole
middleware chain, production settings), the median time and the queries of each, and with
`--cprofile NAME` the costliest functions of that one (as bench/profile_pages.py does for pages).
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import initiatives_pages as pages  # noqa: E402

TARGET_RATIO = 0.25  # issue 14; the long-term goal is LONG_TERM_RATIO
LONG_TERM_RATIO = 0.5
DEEP_TARGET = 1.5
PAGE_SIZE = 20
DEEP_PAGES = 1000


def deep_cursor(database_url: str) -> str:
    """The cursor DRF would hand out for page DEEP_PAGES of the default order (-id)."""
    with pages.pg_connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM initiatives_initiative WHERE status = ANY(%s) AND published_at IS NOT NULL "
            "AND NOT (status = 'rejected' AND published_at IS NULL) ORDER BY id DESC OFFSET %s LIMIT 1",
            (list(pages.PUBLIC_STATUSES), PAGE_SIZE * (DEEP_PAGES - 1) - 1),
        )
        row = cursor.fetchone()
    if row is None:
        sys.exit(f"fewer than {PAGE_SIZE * DEEP_PAGES} public initiatives: load the city (--load)")
    # DRF's CursorPagination.encode_cursor: base64 of a query string with the position.
    return base64.b64encode(urlencode({"p": row[0]}).encode("ascii")).decode("ascii")


def in_process(targets: dict[str, str], repeat: int, profile: str) -> None:
    """Median wall time and queries of each target through Django's test client; cProfile of one."""
    import cProfile
    import pstats
    import secrets
    import statistics
    import time

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ["API_THROTTLE_ANON"] = "100000000/min"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    override_settings(STORAGES={
        **settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()
    client = Client(headers={"X-Forwarded-Proto": "https"}, HTTP_HOST="127.0.0.1")
    print(f"{'page':5} {'status':>6} {'median ms':>9} {'queries':>7} {'SQL ms':>7} {'KiB':>6}")
    for name, path in targets.items():
        for _ in range(min(repeat, 20)):
            client.get(path)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        sql = sum(float(q["time"]) * 1000 for q in captured.captured_queries)
        print(f"{name:5} {response.status_code:6d} {statistics.median(times):9.2f} {len(captured.captured_queries):7d} "
              f"{sql:7.1f} {len(response.content) / 1024:6.1f}", flush=True)
        if name == profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(repeat):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--load", action="store_true", help="recreate the database and load the city into it")
    parser.add_argument("--duration", type=float, default=12.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8155)
    parser.add_argument("--in-process", action="store_true", help="no server: Django's test client, medians")
    parser.add_argument("--repeat", type=int, default=300, help="requests per target with --in-process")
    parser.add_argument("--cprofile", default="", help="with --in-process: target to profile (api, cold, …)")
    args = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    if urlsplit(database_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only talks to a database on this machine (127.0.0.1).")
    if args.load:
        pages.recreate_database(database_url)
        print(f"load_demo --scale city: {pages.load_city(database_url, []):.0f} s", flush=True)
        pages.vacuum_analyze(database_url)
    cursor = deep_cursor(database_url)
    targets = {
        "bare": "/__bench_bare__",
        "api": f"/api/v1/initiatives/?page_size={PAGE_SIZE}",
        "cold": f"/api/v1/initiatives/?page_size={PAGE_SIZE}&bench=1",
        "deep": f"/api/v1/initiatives/?page_size={PAGE_SIZE}&bench=1&cursor={quote(cursor)}",
    }
    if args.in_process:
        in_process(targets, args.repeat, args.cprofile)
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    (workdir / "media").mkdir()
    env = pages.server_env(database_url, redis_url, str(workdir / "static"), str(workdir / "media"))
    env["API_THROTTLE_ANON"] = "100000000/min"
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn if gunicorn.exists() else "gunicorn"), "tolyatti_portal.wsgi", "--workers",
               str(args.workers), "--bind", f"{pages.HOST}:{args.port}", "--log-level", "warning", "--timeout", "60"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=args.client_processes, mp_context=multiprocessing.get_context("spawn")
    )
    try:
        pages.wait_for_server(args.port, server)
        server_pids = [server.pid, *pages.children_of(server.pid)]
        list(pool.map(pages._ping, range(args.client_processes)))
        bursts: dict[str, list[dict]] = {name: [] for name in targets}
        for round_number in range(args.rounds):
            for name, path in targets.items():
                if round_number == 0 and args.warmup:
                    pages.run_load(pool, args.client_processes, args.port, path, args.concurrency, args.warmup,
                                   100_000, server_pids)
                burst = pages.run_load(pool, args.client_processes, args.port, path, args.concurrency,
                                       args.duration / args.rounds, 100_000, server_pids)
                bursts[name].append(burst)
                print(f"round {round_number + 1} {name:5} {len(burst['latencies']) / burst['seconds']:8.1f} req/s",
                      flush=True)
        results = {name: pages.summarize(bursts[name], path) for name, path in targets.items()}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{args.workers} gunicorn workers, {args.concurrency} connections, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'page':5} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'requests':>9} {'errors':>7} {'KiB':>6}")
    for name, result in results.items():
        print(f"{name:5} {result['rps']:8.1f} {result['median_ms']:10.1f} {result['p95_ms']:8.1f} "
              f"{result['requests']:9d} {sum(result['errors'].values()):7d} {result['bytes'] / 1024:6.1f}")
    ratio = results["api"]["rps"] / results["bare"]["rps"]
    deep = results["deep"]["median_ms"] / results["cold"]["median_ms"]
    cold = results["cold"]["rps"] / results["bare"]["rps"]
    print()
    for label, value in (("api/bare", ratio), ("cold/bare", cold)):
        verdict = "met" if value >= TARGET_RATIO else "MISSED"
        long_term = "met" if value >= LONG_TERM_RATIO else "not yet"
        print(f"{label} throughput: {value:.2f} "
              f"(goal ≥ {TARGET_RATIO}: {verdict}; long-term ≥ {LONG_TERM_RATIO}: {long_term})")
    verdict = "met" if deep <= DEEP_TARGET else "MISSED"
    print(f"deep/cold (page 1,000 / page 1, both computed) median latency: {deep:.2f}× "
          f"(goal ≤ {DEEP_TARGET}: {verdict})")


if __name__ == "__main__":
    main()
