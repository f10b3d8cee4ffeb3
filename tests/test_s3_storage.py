"""Media on an S3-compatible bucket (MEDIA_STORAGE=s3) against moto's standalone server.

The server is started on a free port for this module; the test is skipped only when
moto is not installed (it is in requirements-dev.txt, so CI runs it).
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from core.storage import private_storage, signed_url
from tests.factories import CouncilMeetingFactory
from tolyatti_portal.settings.storage import media_storages

pytestmark = pytest.mark.skipif(importlib.util.find_spec("moto") is None, reason="moto[server] is not installed")

BUCKET = "portal-media"
MINUTES = b"%PDF-1.4\n% minutes of the council meeting\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_media(settings, s3_endpoint: str) -> str:
    import boto3

    environ = {
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_BUCKET": BUCKET,
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "S3_REGION": "us-east-1",
        "S3_SIGNED_URL_SECONDS": "60",
    }
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    if BUCKET not in {b["Name"] for b in client.list_buckets()["Buckets"]}:
        client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**media_storages("s3", environ), "staticfiles": settings.STORAGES["staticfiles"]}
    return s3_endpoint


def _anonymous_get(url: str) -> tuple[int, bytes]:
    try:
        # Only the moto server's http:// URLs reach here.
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_public_file_is_uploaded_to_the_bucket_and_served_by_its_url(s3_media: str) -> None:
    name = default_storage.save("initiatives/photos/dvor.jpg", ContentFile(b"jpeg bytes"))

    url = default_storage.url(name)

    assert url.startswith(f"{s3_media}/{BUCKET}/public/initiatives/photos/")
    assert "Signature" not in url and "X-Amz" not in url
    assert _anonymous_get(url) == (200, b"jpeg bytes")


@pytest.mark.django_db
def test_private_minutes_are_never_public_in_the_bucket_and_served_through_the_checking_view(
    s3_media: str, client
) -> None:
    meeting = CouncilMeetingFactory(is_published=True)
    meeting.minutes_file.save("protokol.pdf", ContentFile(MINUTES), save=True)
    name = meeting.minutes_file.name
    assert storages["private"].exists(name)

    # Refused by the bucket to anyone without a signature…
    assert _anonymous_get(f"{s3_media}/{BUCKET}/private/{name}")[0] == 403
    # …served (streamed from the bucket) by the view that checks publication…
    url = reverse("councils:meeting_minutes", args=[meeting.council.slug, meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINUTES
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # …and refused by it once the meeting is unpublished.
    meeting.is_published = False
    meeting.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_private_file_gone_from_the_bucket_is_a_404(s3_media: str, client) -> None:
    meeting = CouncilMeetingFactory(is_published=True)
    meeting.minutes_file.save("protokol.pdf", ContentFile(MINUTES), save=True)
    private_storage.delete(meeting.minutes_file.name)

    response = client.get(reverse("councils:meeting_minutes", args=[meeting.council.slug, meeting.pk]))

    assert response.status_code == 404


def test_private_file_signed_url_works_while_the_bare_url_is_refused(s3_media: str) -> None:
    name = private_storage.save("documents/passport-scan.pdf", ContentFile(MINUTES))

    url = signed_url(name)

    assert "X-Amz-Signature" in url and "X-Amz-Expires=60" in url
    assert _anonymous_get(url) == (200, MINUTES)
    assert _anonymous_get(url.split("?", 1)[0])[0] == 403


def test_local_private_files_have_no_url(settings) -> None:
    name = private_storage.save("documents/scan.pdf", ContentFile(MINUTES))

    assert (settings.PRIVATE_MEDIA_ROOT / name).is_file()
    with pytest.raises(ValueError):
        private_storage.url(name)


def test_s3_settings_refuse_missing_bucket_or_keys() -> None:
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        media_storages("s3", {"S3_ACCESS_KEY_ID": "a", "S3_SECRET_ACCESS_KEY": "b"})
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE"):
        media_storages("ftp", {})
