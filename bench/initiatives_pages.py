"""Benchmark: the public initiative pages on city-scale data, served by gunicorn.

Measures, in one run against the same gunicorn, requests per second and median / p95
latency of

    bare     /__bench_bare__          a minimal Django view (bench/bench_urls.py): the floor
    list     /initiatives/            the catalogue, first page, default order
    search   /initiatives/?q=WORD     full-text search for a common Russian word
    detail   /initiatives/<pk>/       the most supported public initiative (most comments too)
    cached   /__bench_cached_list__   experiment: the list behind a 60 s per-URL cache (bench/bench_urls.py)

and the ratio list/bare (the issue's target: the list reaches at least half the bare
view's throughput). gunicorn runs with production settings (bench/bench_settings.py:
tolyatti_portal.settings.production plus the bare URL), `--workers 2` sync workers,
a generated DJANGO_SECRET_KEY, collected static files in a temporary STATIC_ROOT, and
requests carry `X-Forwarded-Proto: https` as from the TLS proxy, so SECURE_SSL_REDIRECT
stays on. The load generator is pure Python: client processes with threads, one
http.client connection per thread (gunicorn's sync workers close it after each
response, so every request includes a loopback connect, as behind a proxy without
keep-alive upstream). Every run is bounded by --duration and --max-requests, talks only
to 127.0.0.1, and gunicorn is stopped at the end whatever happens.

Needs PostgreSQL and Redis. Usage:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tolyatti_city \\
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/initiatives_pages.py --load

--load drops and recreates the database named in DATABASE_URL and loads
`load_demo --scale city` into it (about two minutes); without it the database must
already hold that data. --explain prints EXPLAIN ANALYZE of the list and search queries.
--resident sends a logged-in session of the demo resident with every request (issue 14: the
pages a resident gets, with no page cache); --targets=all measures every page of issue 14.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
HEADERS = {"X-Forwarded-Proto": "https", "Host": HOST, "User-Agent": "tolyatti-bench/1"}
PUBLIC_STATUSES = ("published", "consideration", "accepted", "in_progress", "implemented", "rejected", "expired")
TARGET_RATIO = 0.5
# Issue 14: every page at least this share of the bare view's throughput for a logged-in resident.
RESIDENT_TARGET_RATIO = 0.25
RESIDENT_EMAIL = "resident@demo.tolyatti.local"


# --- database --------------------------------------------------------------------------------------------------


def pg_connect(url: str, dbname: str | None = None):
    import psycopg2

    parts = urlsplit(url)
    return psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                            password=parts.password or "", dbname=dbname or parts.path.lstrip("/"))


def recreate_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin = pg_connect(url, "postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def load_city(url: str, extra: list[str]) -> float:
    """migrate + load_demo --scale city with dev settings (a local database: the demo password may be the default)."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tolyatti_portal.settings.dev",
           "DJANGO_DEBUG": "1"}
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    migrated = time.monotonic()
    print(f"migrate: {migrated - started:.1f} s", flush=True)
    subprocess.run([sys.executable, "manage.py", "load_demo", "--scale", "city", *extra], cwd=ROOT, env=env,
                   check=True)
    loaded = time.monotonic() - migrated
    print(f"load_demo --scale city: {loaded:.1f} s (wall clock, including the normal demo)", flush=True)
    return loaded


def vacuum_analyze(url: str) -> None:
    """What autovacuum would have done on a live database: hint bits, visibility map (index-only scans), stats."""
    started = time.monotonic()
    conn = pg_connect(url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    conn.close()
    print(f"VACUUM (ANALYZE): {time.monotonic() - started:.1f} s", flush=True)


def describe_data(url: str, word: str) -> dict:
    conn = pg_connect(url)
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM initiatives_initiative")
        initiatives = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM initiatives_initiative WHERE status = ANY(%s)", [list(PUBLIC_STATUSES)])
        public = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM initiatives_support")
        supports = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM accounts_user")
        users = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM initiatives_initiative WHERE status = ANY(%s) "
            "AND search_vector @@ websearch_to_tsquery('russian', %s)", [list(PUBLIC_STATUSES), word],
        )
        matches = cursor.fetchone()[0]
        # «Popular»: the most supports, and among those the most discussed.
        cursor.execute(
            """
            SELECT i.id, i.support_count, (SELECT count(*) FROM initiatives_comment c WHERE c.initiative_id = i.id) AS n
            FROM (SELECT id, support_count FROM initiatives_initiative WHERE status = ANY(%s)
                  ORDER BY support_count DESC, id LIMIT 200) i
            ORDER BY i.support_count DESC, n DESC, i.id LIMIT 1
            """,
            [list(PUBLIC_STATUSES)],
        )
        row = cursor.fetchone()
    conn.close()
    if row is None:
        sys.exit("No public initiatives: load the city first (--load).")
    return {"initiatives": initiatives, "public": public, "supports": supports, "users": users,
            "search_matches": matches, "detail_pk": row[0], "detail_supports": row[1], "detail_comments": row[2]}


# --- gunicorn --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(database_url: str, redis_url: str, static_root: str, media_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def wait_for_server(port: int, process: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz", headers=HEADERS)
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz in time")


def proc_cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def system_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# --- load generator (runs in spawned client processes) -----------------------------------------------------------


def client_process(host: str, port: int, path: str, threads: int, start_at: float, deadline: float,
                   max_requests: int, headers: dict | None = None) -> dict:
    """`threads` threads issuing GETs back to back from `start_at` until `deadline` or `max_requests` each."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    finished: list[float] = []
    sizes: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        local: list[float] = []
        local_errors: Counter[str] = Counter()
        size = 0
        conn = http.client.HTTPConnection(host, port, timeout=30)
        for _ in range(max_requests):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or HEADERS)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                local_errors[type(error).__name__] += 1
                continue
            elapsed = time.perf_counter() - started
            if status == 200:
                local.append(elapsed)
                size = len(body)
            else:
                local_errors[f"HTTP {status}"] += 1
        conn.close()
        with lock:
            latencies.extend(local)
            errors.update(local_errors)
            finished.append(time.monotonic())
            sizes.append(size)

    delay = start_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    cpu_before = os.times()
    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    cpu_after = os.times()
    return {
        "latencies": latencies, "errors": dict(errors), "finished": max(finished, default=start_at),
        "cpu": (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system),
        "size": max(sizes, default=0),
    }


def _ping(_index: int = 0) -> int:
    return os.getpid()


def run_load(pool: concurrent.futures.ProcessPoolExecutor, processes: int, port: int, path: str, concurrency: int,
             duration: float, max_requests: int, server_pids: list[int], headers: dict | None = None) -> dict:
    """One bounded burst against one page; raw figures, merged over rounds by `summarize`."""
    per_process = [concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)]
    per_process = [n for n in per_process if n]
    start_at = time.monotonic() + 0.3
    deadline = start_at + duration
    per_thread = max(1, max_requests // concurrency)
    server_cpu_before = proc_cpu_seconds(server_pids)
    busy_before = system_busy()
    load_avg = os.getloadavg()[0]
    futures = [
        pool.submit(client_process, HOST, port, path, threads, start_at, deadline, per_thread, headers)
        for threads in per_process
    ]
    results = [future.result(timeout=duration + 120) for future in futures]
    busy_after = system_busy()
    errors: Counter[str] = Counter()
    for result in results:
        errors.update(result["errors"])
    return {
        "latencies": [latency for result in results for latency in result["latencies"]],
        "errors": errors,
        "seconds": max(result["finished"] for result in results) - start_at,
        "server_cpu_s": proc_cpu_seconds(server_pids) - server_cpu_before,
        "client_cpu_s": sum(result["cpu"] for result in results),
        "busy_jiffies": busy_after[0] - busy_before[0],
        "all_jiffies": busy_after[1] - busy_before[1],
        "load_avg": load_avg,
        "bytes": max(result["size"] for result in results),
    }


def summarize(bursts: list[dict], path: str) -> dict:
    latencies = sorted(latency for burst in bursts for latency in burst["latencies"])
    seconds = sum(burst["seconds"] for burst in bursts)
    errors: Counter[str] = Counter()
    for burst in bursts:
        errors.update(burst["errors"])
    return {
        "path": path,
        "rounds": len(bursts),
        "requests": len(latencies),
        "errors": dict(errors),
        "seconds": seconds,
        "rps": len(latencies) / seconds if seconds > 0 else 0.0,
        "rps_per_round": [len(burst["latencies"]) / burst["seconds"] for burst in bursts if burst["seconds"] > 0],
        "median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
        "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
        "server_cpu_s": sum(burst["server_cpu_s"] for burst in bursts),
        "client_cpu_s": sum(burst["client_cpu_s"] for burst in bursts),
        "system_busy": sum(b["busy_jiffies"] for b in bursts) / max(1, sum(b["all_jiffies"] for b in bursts)),
        "load_avg_before": statistics.mean(burst["load_avg"] for burst in bursts),
        "bytes": max(burst["bytes"] for burst in bursts),
    }


# --- queries per page, in-process ------------------------------------------------------------------------------


def resident_session_cookie() -> str:
    """A logged-in session of the demo resident, made as login() would make it; the cookie header's value."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User

    user = User.objects.get(email=RESIDENT_EMAIL)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def profile_queries(targets: dict[str, str], explain: bool, cookie: str = "") -> dict[str, dict]:
    """Queries and their database time per page, through Django's test client with the same settings."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"X-Forwarded-Proto": "https", **({"Cookie": cookie} if cookie else {})}, HTTP_HOST=HOST)
    profile = {}
    for name, path in targets.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        times = [float(q["time"]) for q in captured.captured_queries]
        profile[name] = {
            "status": response.status_code, "queries": len(times), "sql_ms": sum(times) * 1000,
            "slowest_ms": max(times, default=0) * 1000, "in_process_ms": elapsed * 1000,
        }
        if explain and name in ("list", "search"):
            for query in captured.captured_queries:
                sql = query["sql"]
                if "initiatives_initiative" not in sql or sql.startswith("DECLARE"):
                    continue
                print(f"\n--- {name}: {float(query['time']) * 1000:.1f} ms\n{sql}\n")
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    for (line,) in cursor.fetchall():
                        print("    " + line)
    connection.close()
    return profile


# --- main ------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--load", action="store_true", help="recreate the database and load the city into it")
    parser.add_argument("--city-arg", action="append", default=[], metavar="ARG",
                        help="passed on to load_demo with --load, e.g. --city-arg=--city-initiatives=20000")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured per page (default 15)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="the measured seconds of each page are split into this many interleaved rounds")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per page (default 3)")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections at once (default 8)")
    parser.add_argument("--client-processes", type=int, default=2,
                        help="client processes the connections are spread over (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap of requests per page and run")
    parser.add_argument("--query", default="площадка", help="the search word (default «площадка»)")
    parser.add_argument("--targets", default="bare,list,search,detail,cached",
                        help="comma-separated pages: bare, list, search, detail, deep (?page=500), councils, "
                             "resolution (/forum/2025/resolution/), home, cached; «all» = every page but cached")
    parser.add_argument("--resident", action="store_true",
                        help=f"send a logged-in session of {RESIDENT_EMAIL} with every request (no page cache)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the list and search queries")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: one the system hands out)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    if urlsplit(database_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only talks to a database on this machine (127.0.0.1).")
    args.duration = min(max(args.duration, 1.0), 300.0)
    args.warmup = min(max(args.warmup, 0.0), 60.0)
    args.concurrency = min(max(args.concurrency, 1), 64)
    args.rounds = min(max(args.rounds, 1), 20)
    args.client_processes = min(max(args.client_processes, 1), args.concurrency)

    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; "
          f"{os.cpu_count()} CPUs", flush=True)
    load_seconds = None
    if args.load:
        recreate_database(database_url)
        load_seconds = load_city(database_url, args.city_arg)
        vacuum_analyze(database_url)
    data = describe_data(database_url, args.query)
    print(f"data: {data['users']} users, {data['initiatives']} initiatives ({data['public']} public), "
          f"{data['supports']} supports; «{args.query}» matches {data['search_matches']}; detail: "
          f"#{data['detail_pk']} ({data['detail_supports']} supports, {data['detail_comments']} comments)", flush=True)
    all_targets = {
        "bare": "/__bench_bare__",
        "list": "/initiatives/",
        "search": f"/initiatives/?q={quote(args.query)}",
        "detail": f"/initiatives/{data['detail_pk']}/",
        "cached": "/__bench_cached_list__",
        "deep": "/initiatives/?page=500",
        "councils": "/councils/",
        "resolution": "/forum/2025/resolution/",
        "home": "/",
    }
    if args.targets == "all":
        args.targets = "bare,list,search,detail,deep,councils,resolution,home"
    names = [name.strip() for name in args.targets.split(",") if name.strip()]
    unknown = set(names) - set(all_targets)
    if unknown:
        sys.exit(f"unknown targets: {', '.join(sorted(unknown))}")
    targets = {name: all_targets[name] for name in names}

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    static_root, media_root = workdir / "static", workdir / "media"
    media_root.mkdir()
    env = server_env(database_url, redis_url, str(static_root), str(media_root))
    cookie = ""
    if args.resident:
        # The same settings in this process, to write the session the server will read.
        os.environ.update(env)
        cookie = resident_session_cookie()
    headers = {**HEADERS, "Cookie": cookie} if cookie else None
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"collectstatic: {time.monotonic() - started:.1f} s", flush=True)

    port = args.port or free_port()
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn if gunicorn.exists() else "gunicorn"), "tolyatti_portal.wsgi", "--workers",
               str(args.workers), "--bind", f"{HOST}:{port}", "--log-level", "warning", "--timeout", "60"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    results: dict[str, dict] = {}
    profile: dict[str, dict] = {}
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=args.client_processes, mp_context=multiprocessing.get_context("spawn")
    )
    try:
        wait_for_server(port, server)
        server_pids = [server.pid, *children_of(server.pid)]
        print(f"gunicorn: pid {server.pid}, workers {server_pids[1:]}, http://{HOST}:{port}", flush=True)
        # Start the client processes once, outside any measurement.
        list(pool.map(_ping, range(args.client_processes)))
        # Rounds interleave the pages, so that a burst of other work on the machine hits them all alike.
        bursts: dict[str, list[dict]] = {name: [] for name in targets}
        slice_seconds = args.duration / args.rounds
        for round_number in range(args.rounds):
            for name, path in targets.items():
                if args.warmup and round_number == 0:
                    run_load(pool, args.client_processes, port, path, args.concurrency, args.warmup,
                             args.max_requests, server_pids, headers)
                burst = run_load(pool, args.client_processes, port, path, args.concurrency, slice_seconds,
                                 args.max_requests, server_pids, headers)
                bursts[name].append(burst)
                rps = len(burst["latencies"]) / burst["seconds"] if burst["seconds"] > 0 else 0.0
                print(f"round {round_number + 1}/{args.rounds} {name:7} {rps:8.1f} req/s "
                      f"(load {burst['load_avg']:.2f})", flush=True)
        results = {name: summarize(bursts[name], path) for name, path in targets.items()}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    # The same settings in this process, for the per-page query counts (the server is gone by now).
    os.environ.update(env)
    profile = profile_queries(targets, args.explain, cookie)
    shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"{args.workers} gunicorn sync workers, {args.concurrency} connections from {args.client_processes} client "
          f"processes, {args.duration:.0f} s per page in {args.rounds} interleaved rounds after {args.warmup:.0f} s "
          f"warm-up, {os.cpu_count()} CPUs")
    header = (f"{'page':7} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'requests':>9} {'errors':>7} "
              f"{'queries':>8} {'SQL ms':>7} {'KiB':>6} {'srv CPU':>8} {'cli CPU':>8} {'busy':>5} {'load':>5}")
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        prof = profile.get(name, {})
        print(f"{name:7} {result['rps']:8.1f} {result['median_ms']:10.1f} {result['p95_ms']:8.1f} "
              f"{result['requests']:9d} {sum(result['errors'].values()):7d} {prof.get('queries', 0):8d} "
              f"{prof.get('sql_ms', 0):7.1f} {result['bytes'] / 1024:6.1f} "
              f"{100 * result['server_cpu_s'] / result['seconds']:7.0f}% "
              f"{100 * result['client_cpu_s'] / result['seconds']:7.0f}% "
              f"{100 * result['system_busy']:4.0f}% {result['load_avg_before']:5.2f}")
    print("srv/cli CPU: gunicorn workers' / load generator's CPU time over the run (200% = both cores); busy: all "
          "CPUs, whoever used them (PostgreSQL, other processes); load: 1-minute load average before the page.")
    for name, result in results.items():
        print(f"  {name}: req/s per round {', '.join(f'{rps:.1f}' for rps in result['rps_per_round'])}")
    print(f"\nmode: {'logged-in resident (session cookie)' if cookie else 'anonymous'}")
    if "bare" in results and results["bare"]["rps"]:
        for name, result in results.items():
            if name != "bare":
                page_ratio = result["rps"] / results["bare"]["rps"]
                verdict = "met" if page_ratio >= RESIDENT_TARGET_RATIO else "MISSED"
                goal = f"  (goal ≥ {RESIDENT_TARGET_RATIO:.2f}: {verdict})" if cookie else ""
                print(f"  {name}/bare throughput: {page_ratio:.3f}{goal}")
    ratio = None
    if "bare" in results and "list" in results and results["bare"]["rps"]:
        ratio = results["list"]["rps"] / results["bare"]["rps"]
        verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
        print(f"\nlist/bare throughput: {ratio:.2f} (target ≥ {TARGET_RATIO:.2f}: {verdict})")
    if args.json:
        args.json.write_text(json.dumps({
            "data": data, "load_seconds": load_seconds, "results": results, "profile": profile, "ratio": ratio,
            "mode": "resident" if cookie else "anonymous",
            "settings": {k: getattr(args, k) for k in ("duration", "rounds", "warmup", "concurrency",
                                                       "client_processes", "workers", "query")},
        }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
