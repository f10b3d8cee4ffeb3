"""In-process profile of the pages in the issue's table, as an anonymous visitor or a logged-in resident.

For each page: median wall time of a few requests through Django's test client (the
whole middleware chain, production settings except static files), queries, SQL time
and HTML size; `--cprofile NAME` prints the 25 costliest functions of one page
(cumulative), which is where the changes in bench/README.md started. No server, no
load: the throughput ratios come from bench/initiatives_pages.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tolyatti_city REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/profile_pages.py --resident [--cprofile detail] [--explain search]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESIDENT_EMAIL = "resident@demo.tolyatti.local"


def targets(detail_pk: int, word: str) -> dict[str, str]:
    from urllib.parse import quote

    return {
        "bare": "/__bench_bare__",
        "list": "/initiatives/",
        "search": f"/initiatives/?q={quote(word)}",
        "detail": f"/initiatives/{detail_pk}/",
        "deep": "/initiatives/?page=500",
        "councils": "/councils/",
        "resolution": "/forum/2025/resolution/",
        "home": "/",
    }


def busiest_initiative() -> int:
    from django.db.models import Count

    from initiatives.models import Initiative

    top = (
        Initiative.objects.filter(status__in=Initiative.PUBLIC_STATUSES)
        .order_by("-support_count", "id")[:200]
        .values_list("pk", flat=True)
    )
    return (
        Initiative.objects.filter(pk__in=list(top)).annotate(n=Count("comments")).order_by("-n", "-support_count", "id")
        .values_list("pk", flat=True).first()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resident", action="store_true", help=f"log in as {RESIDENT_EMAIL} (default: anonymous)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--query", default="площадка")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--cprofile", default="", help="page name to profile with cProfile")
    parser.add_argument("--explain", default="", help="page name whose queries get EXPLAIN ANALYZE")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    plain_static = override_settings(
        STORAGES={**django.conf.settings.STORAGES,
                  "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    )
    plain_static.enable()
    client = Client(headers={"X-Forwarded-Proto": "https"}, HTTP_HOST="127.0.0.1")
    if args.resident:
        client.force_login(User.objects.get(email=RESIDENT_EMAIL))
    pages = targets(busiest_initiative(), args.query)
    if args.only:
        pages = {name: pages[name] for name in args.only.split(",")}
    print(f"{'page':11} {'status':>6} {'median ms':>9} {'queries':>7} {'SQL ms':>7} {'slowest':>7} {'KiB':>6}")
    for name, path in pages.items():
        client.get(path)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        sql = [float(q["time"]) * 1000 for q in captured.captured_queries]
        print(f"{name:11} {response.status_code:6d} {statistics.median(times):9.1f} {len(sql):7d} {sum(sql):7.1f} "
              f"{max(sql, default=0):7.1f} {len(response.content) / 1024:6.1f}", flush=True)
        if name == args.explain:
            for query in captured.captured_queries:
                print(f"\n--- {float(query['time']) * 1000:.1f} ms\n{query['sql'][:2000]}")
                if query["sql"].lstrip().upper().startswith("SELECT"):
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                        print("\n".join("    " + line for (line,) in cursor.fetchall()))
        if name == args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROFILE_LINES", "25")))
            stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
