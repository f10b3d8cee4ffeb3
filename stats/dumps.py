"""Pre-built files of the open data sets, so a download of 100,000 initiatives costs a file read.

The periodic task (stats.tasks.write_open_data_dumps) writes every data set as CSV and JSON
into the media storage in the site's language; the download view serves the file while it is
fresh and builds the table live otherwise (another language, no file yet, a stale file). The
open-data page states the time the files were built.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from . import datasets
from .exports import csv_response, json_response

DUMP_DIR = "open-data"
# Files older than this are not served (the task runs every 15 minutes; a stuck worker shows here).
MAX_AGE = dt.timedelta(hours=1)


def path(slug: str, fmt: str) -> str:
    return f"{DUMP_DIR}/{slug}.{fmt}"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def write_all() -> dict[str, str]:
    """Build every data set's files in the site's language; returns {slug: built_at}."""
    built: dict[str, str] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for dataset in datasets.all_datasets():
            columns = [key for key, _text in dataset.columns]
            updated_at = dataset.updated_at() or timezone.now()
            meta = {"title": str(dataset.title), "licence": str(datasets.LICENCE),
                    "licence_url": datasets.LICENCE_URL, "updated_at": updated_at.isoformat(),
                    "source": f"{settings.SITE_URL.rstrip('/')}/open-data/{dataset.slug}.json",
                    "column_descriptions": {key: str(text) for key, text in dataset.columns}}
            for fmt in ("csv", "json"):
                response = (csv_response(dataset.slug, columns, dataset.rows()) if fmt == "csv"
                            else json_response(dataset.slug, meta, columns, dataset.rows()))
                with tempfile.TemporaryFile() as handle:
                    handle.write(_body(response))
                    handle.seek(0)
                    name = path(dataset.slug, fmt)
                    if default_storage.exists(name):
                        default_storage.delete(name)
                    default_storage.save(name, File(handle, name=name))
            built[dataset.slug] = timezone.now().isoformat()
    return built


def _modified(name: str) -> dt.datetime | None:
    # The file's own time, not a cache entry: clearing the cache must not hide fresh files.
    try:
        return default_storage.get_modified_time(name)
    except (OSError, NotImplementedError):
        return None


def fresh_file(slug: str, fmt: str):
    """The stored file to serve, or None (another language, none yet, or stale)."""
    if translation.get_language() != settings.LANGUAGE_CODE:
        return None
    name = path(slug, fmt)
    modified = _modified(name)
    if modified is None or timezone.now() - modified > MAX_AGE:
        return None
    return default_storage.open(name)


def built_at(slug: str) -> dt.datetime | None:
    return _modified(path(slug, "csv"))
