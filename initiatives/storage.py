"""Where an initiative's photos and documents live: private until the initiative is published.

A file's stored name says where it is. Names starting with ``private/`` are in
the ``private`` storage (settings.STORAGES["private"]: outside MEDIA_ROOT on disk,
a private prefix in a bucket) and have no public URL: their URL is a view that
checks whether the viewer may see the initiative. Other names are in the public
``default`` storage, served by URL. Uploads to an initiative that is not public
get a private name; publication moves the files (`publish_files`).

Once published an initiative stays public (withdrawn or rejected after publication
it keeps its public page), so files never need to move back; `make_files_private`
exists for completeness and is used by the legacy-data migration's reverse.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import Storage, default_storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from core.sections_cache import bump_generation
from core.storage import private_storage

PRIVATE_PREFIX = "private/"

logger = logging.getLogger(__name__)


@deconstructible
class InitiativeFileStorage(Storage):
    """Routes each name to the private or the public storage by its prefix."""

    def _route(self, name: str) -> tuple[Storage, str, str]:
        if name.startswith(PRIVATE_PREFIX):
            return private_storage, name[len(PRIVATE_PREFIX):], PRIVATE_PREFIX
        return default_storage, name, ""

    def _open(self, name: str, mode: str = "rb") -> Any:
        storage, inner, _prefix = self._route(name)
        return storage.open(inner, mode)

    def _save(self, name: str, content: Any) -> str:
        storage, inner, prefix = self._route(name)
        return prefix + storage.save(inner, content)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        storage, inner, prefix = self._route(name)
        limit = None if max_length is None else max_length - len(prefix)
        return prefix + storage.get_available_name(inner, max_length=limit)

    def delete(self, name: str) -> None:
        storage, inner, _prefix = self._route(name)
        storage.delete(inner)

    def exists(self, name: str) -> bool:
        storage, inner, _prefix = self._route(name)
        return storage.exists(inner)

    def size(self, name: str) -> int:
        storage, inner, _prefix = self._route(name)
        return storage.size(inner)

    def path(self, name: str) -> str:
        storage, inner, _prefix = self._route(name)
        return storage.path(inner)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        storage, inner, _prefix = self._route(path)
        return storage.listdir(inner)

    def get_modified_time(self, name: str) -> Any:
        storage, inner, _prefix = self._route(name)
        return storage.get_modified_time(inner)

    def url(self, name: str | None) -> str:
        if name and name.startswith(PRIVATE_PREFIX):
            # Through the view that checks the viewer's right; never a storage URL.
            return reverse("initiatives:private_file", args=[name[len(PRIVATE_PREFIX):]])
        return default_storage.url(name)


initiative_file_storage = InitiativeFileStorage()


def get_initiative_file_storage() -> Storage:
    """For FileField(storage=…): a callable keeps migrations free of the concrete backend."""
    return initiative_file_storage


def is_private(name: str) -> bool:
    return name.startswith(PRIVATE_PREFIX)


def _move(name: str, new_name: str) -> str:
    with initiative_file_storage.open(name, "rb") as handle:
        saved = initiative_file_storage.save(new_name, handle)
    initiative_file_storage.delete(name)
    return saved


def _relocate(initiative_id: int, *, to_public: bool) -> int:
    from .models import InitiativeDocument, InitiativePhoto

    def target(name: str) -> str | None:
        if to_public and is_private(name):
            return name[len(PRIVATE_PREFIX):]
        if not to_public and name and not is_private(name):
            return PRIVATE_PREFIX + name
        return None

    moved = 0
    for model, fields in ((InitiativePhoto, ("image", "thumbnail")), (InitiativeDocument, ("file",))):
        for row in model.objects.filter(initiative_id=initiative_id).only("pk", *fields):
            changes = {}
            for field in fields:
                name = getattr(row, field).name
                new_name = target(name)
                if new_name is None:
                    continue
                try:
                    changes[field] = _move(name, new_name)
                except FileNotFoundError:
                    logger.warning("initiative %s: file %s is missing; left as it is", initiative_id, name)
            if changes:
                # update(), not save(): an ImageField's save would re-read the picture for its size.
                model.objects.filter(pk=row.pk).update(**changes)
                moved += len(changes)
    if moved:
        # update() sends no signal: the cached cards and page rows still hold the old file names.
        from .catalogue_cache import catalogue_changed
        from .selectors import detail_rows_generation

        catalogue_changed()
        bump_generation(detail_rows_generation(initiative_id))
    return moved


def publish_files(initiative_id: int) -> int:
    """Move an initiative's files to the public storage (called once it is published)."""
    return _relocate(initiative_id, to_public=True)


def make_files_private(initiative_id: int) -> int:
    return _relocate(initiative_id, to_public=False)
