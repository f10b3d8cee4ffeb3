"""Storage for never-public files (settings.STORAGES["private"]).

Use it on a FileField as ``storage=get_private_storage``: the field then follows the
``private`` alias even when tests or deployments change STORAGES. Serve such files only
through a view that checks access (``private_file_response``) or ``signed_url``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.functional import LazyObject, cached_property, empty

from core.downloads import file_response


class PrivateFileSystemStorage(FileSystemStorage):
    """Local never-public files: under PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT), and no URL."""

    @cached_property
    def base_location(self) -> str:
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


class _PrivateStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = storages["private"]


private_storage: Storage = _PrivateStorage()  # type: ignore[assignment]


def get_private_storage() -> Storage:
    """For FileField(storage=…): a callable keeps migrations free of the concrete backend."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(setting: str, **kwargs: Any) -> None:
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        private_storage._wrapped = empty


def private_file_response(field_file: Any, *, filename: str, content_type: str) -> FileResponse:
    """Stream a private file after the caller has checked access; a lost file is a 404.

    Minutes are PDFs, and a PDF may carry script: like every document, it goes out
    as a sandboxed attachment (core.downloads), never inline in the portal's origin.
    """
    return file_response(field_file, filename=filename, content_type=content_type, attachment=True)


def signed_url(name: str) -> str:
    """A short-lived URL for a private file in a bucket (S3 only; local files have none)."""
    return private_storage.url(name)
