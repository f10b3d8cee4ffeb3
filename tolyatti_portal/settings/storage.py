"""The STORAGES setting from the environment: local disk by default, an S3-compatible bucket on demand.

Kept free of Django machinery (only its exception) so every settings module (and the S3 test) can build it.

Two aliases carry media:
- ``default``: public files (photos of published initiatives, charters, speaker photos),
  served by URL;
- ``private``: files that must never be public (council minutes, unpublished initiatives'
  files, documents). On disk they live outside MEDIA_ROOT and have no URL; in a bucket
  they are stored with a private ACL under their own prefix, and reach a visitor only
  through a view that checks access (streamed) or a short-lived signed URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

LOCAL_PRIVATE_BACKEND = "core.storage.PrivateFileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"


def _acl(value: str | None) -> str | None:
    # An empty value leaves ACLs to the bucket's policy (buckets with ACLs disabled refuse the header).
    return value or None


def media_storages(kind: str, environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The ``default`` and ``private`` aliases for MEDIA_STORAGE=<kind> ("local" or "s3")."""
    if kind == "local":
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": LOCAL_PRIVATE_BACKEND},
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}")
    missing = [name for name in ("S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY") if not environ.get(name)]
    if missing:
        raise ImproperlyConfigured(f"MEDIA_STORAGE=s3 needs {', '.join(missing)} in the environment")
    common = {
        "bucket_name": environ["S3_BUCKET"],
        "access_key": environ["S3_ACCESS_KEY_ID"],
        "secret_key": environ["S3_SECRET_ACCESS_KEY"],
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        # MinIO and most self-hosted stores answer on paths, not bucket subdomains.
        "addressing_style": environ.get("S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        # Two uploads with one name must not overwrite each other.
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "location": "public",
                "default_acl": _acl(environ.get("S3_PUBLIC_ACL", "public-read")),
                "querystring_auth": False,
                # e.g. "portal.example.ru/media" when the proxy serves the bucket's public/ prefix.
                "custom_domain": environ.get("S3_PUBLIC_DOMAIN") or None,
                "url_protocol": environ.get("S3_PUBLIC_PROTOCOL", "https:"),
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "location": "private",
                "default_acl": _acl(environ.get("S3_PRIVATE_ACL", "private")),
                "querystring_auth": True,
                "querystring_expire": int(environ.get("S3_SIGNED_URL_SECONDS", "300")),
                "custom_domain": None,
            },
        },
    }
