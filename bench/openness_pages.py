"""In-process timings of the openness pages on city-scale data: statistics, open data, plan, practices, acts.

Reads (never changes) the database in DATABASE_URL, which should hold `load_demo --scale city`
plus the ordinary demo. Each target is requested through Django's test client in this process
(no network, no gunicorn), so the figures are the portal's own work: views, queries, templates.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tolyatti_city \\
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/openness_pages.py [--repeat 7]

"cold" clears the cache before each request (the statistics are then computed in the request);
"warm" is what a visitor gets while the periodic task keeps the figures fresh.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tolyatti_portal.settings.dev")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from acts.models import NormativeAct  # noqa: E402
from initiatives.models import Initiative  # noqa: E402
from stats import datasets, figures  # noqa: E402


def measure(client: Client, url: str, repeat: int, *, cold: bool) -> tuple[float, float, int, int]:
    times = []
    queries = size = 0
    for _ in range(repeat):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(body)
        reset_queries()
    return statistics.median(times), max(times), queries, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    client = Client()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
          f"public initiatives: {Initiative.objects.public().count()}")
    print("\nfigure computations (no cache), ms:")
    for slug in figures.figure_slugs():
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            figures.build(slug)
            runs.append((time.perf_counter() - started) * 1000)
        print(f"  {slug:35s} {statistics.median(runs):8.1f}")
    act = NormativeAct.objects.filter(status="discussion").first()
    targets: list[tuple[str, str, bool]] = [
        ("statistics page", reverse("stats:statistics"), True),
        ("statistics page", reverse("stats:statistics"), False),
        ("open data page", reverse("stats:open_data"), False),
    ]
    for slug in figures.figure_slugs():
        for fmt in ("csv", "json"):
            targets.append((f"figure {slug}.{fmt}", reverse("stats:figure_export", args=[slug, fmt]), False))
    for dataset in datasets.all_datasets():
        for fmt in ("csv", "json"):
            targets.append((f"dataset {dataset.slug}.{fmt}", reverse("stats:dataset_export", args=[dataset.slug, fmt]),
                            False))
    targets += [
        ("plan month", reverse("workplan:month"), False),
        ("plan list", reverse("workplan:list"), False),
        ("plan feed .ics", reverse("workplan:feed"), False),
        ("best practices", reverse("practices:library"), False),
        ("acts list", reverse("acts:list"), False),
        ("national project", reverse("stats:national_project", args=["infrastruktura-dlya-zhizni"]), False),
    ]
    if act is not None:
        targets.append(("act detail", act.get_absolute_url(), False))
        targets.append(("act point", act.points.first().get_absolute_url(), False))
    print(f"\n{'target':45s} {'cache':5s} {'median ms':>10s} {'max ms':>8s} {'queries':>8s} {'bytes':>10s}")
    for name, url, cold in targets:
        if not cold:
            client.get(url, HTTP_HOST="127.0.0.1")  # warm the cache and the connection
        median, worst, queries, size = measure(client, url, args.repeat, cold=cold)
        print(f"{name:45s} {'cold' if cold else 'warm':5s} {median:10.1f} {worst:8.1f} {queries:8d} {size:10d}")


if __name__ == "__main__":
    main()
