"""Initiative documents and photos: who may fetch them and how they are served."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, InitiativeDocument

pytestmark = pytest.mark.django_db
S = Initiative.Status

PDF_WITH_JS = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
    b"2 0 obj << /S /JavaScript /JS (app.alert\\(document.cookie\\)) >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _add_document(initiative: Initiative, author) -> InitiativeDocument:
    upload = SimpleUploadedFile("smeta.pdf", PDF_WITH_JS, content_type="application/pdf")
    return services.document_add(initiative, actor=author, upload=upload, title="Смета")


def _publish(initiative: Initiative, moderator, capture) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(status=S.MODERATION)
    initiative.refresh_from_db()
    with capture(execute=True):
        services.initiative_publish(initiative, actor=moderator)


def _published_with_document(make_initiative, author, moderator, capture) -> tuple[Initiative, InitiativeDocument]:
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    document = _add_document(initiative, author)
    _publish(initiative, moderator, capture)
    document.refresh_from_db()
    return initiative, document


def _assert_sandboxed_attachment(response) -> None:
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_with_javascript_is_served_as_sandboxed_attachment(
    login, make_initiative, author, moderator, django_capture_on_commit_callbacks
):
    _, document = _published_with_document(make_initiative, author, moderator, django_capture_on_commit_callbacks)
    response = login(None).get(document.get_absolute_url())
    assert response.status_code == 200
    _assert_sandboxed_attachment(response)
    assert b"".join(response.streaming_content) == PDF_WITH_JS


def test_pdf_under_the_media_url_is_also_a_sandboxed_attachment(
    client, make_initiative, author, moderator, django_capture_on_commit_callbacks
):
    _, document = _published_with_document(make_initiative, author, moderator, django_capture_on_commit_callbacks)
    assert document.file.name.startswith("initiatives/")  # moved to the public storage on publication
    response = client.get(f"/media/{document.file.name}")
    assert response.status_code == 200
    _assert_sandboxed_attachment(response)


def test_documents_are_linked_through_the_checking_view(login, make_initiative, author):
    initiative = make_initiative(status=S.DRAFT)
    document = _add_document(initiative, author)
    page = login(author).get(reverse("initiatives:edit_step", args=[initiative.pk, "photos"])).content.decode()
    assert document.get_absolute_url() in page


@pytest.mark.parametrize("who, status", [("anonymous", 404), ("resident", 404), ("author", 200), ("coauthor", 200),
                                         ("moderator", 200)])
def test_document_of_an_initiative_in_moderation_only_for_group_and_moderators(
    login, make_initiative, author, coauthor, moderator, resident, who, status
):
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    document = _add_document(initiative, author)
    Initiative.objects.filter(pk=initiative.pk).update(status=S.MODERATION)
    users = {"anonymous": None, "resident": resident, "author": author, "coauthor": coauthor, "moderator": moderator}
    assert login(users[who]).get(document.get_absolute_url()).status_code == status



# Files of initiatives that are not public ----------------------------------------------------------


def _add_photo(initiative: Initiative, author):
    from .factories import jpeg_upload

    return services.photo_add(initiative, actor=author, upload=jpeg_upload())


def _under(root, name: str) -> bool:
    return (Path(root) / name).exists()


def test_photo_of_a_draft_is_stored_privately_and_has_no_public_url(client, make_initiative, author, settings):
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    photo = _add_photo(initiative, author)
    for field in (photo.image, photo.thumbnail):
        assert field.name.startswith("private/")
        public_name = field.name.removeprefix("private/")
        assert not _under(settings.MEDIA_ROOT, public_name) and not _under(settings.MEDIA_ROOT, field.name)
        assert _under(settings.PRIVATE_MEDIA_ROOT, public_name)
        assert not field.url.startswith(settings.MEDIA_URL)
        assert client.get(f"{settings.MEDIA_URL}{public_name}").status_code == 404
        assert client.get(f"{settings.MEDIA_URL}{field.name}").status_code == 404


@pytest.mark.parametrize("who, status", [("anonymous", 404), ("resident", 404), ("author", 200), ("coauthor", 200),
                                         ("moderator", 200), ("other_moderator", 404)])
def test_private_photo_url_only_for_group_and_moderators(
    login, make_initiative, author, coauthor, moderator, other_moderator, resident, who, status
):
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    photo = _add_photo(initiative, author)
    Initiative.objects.filter(pk=initiative.pk).update(status=S.MODERATION, submitted_at=timezone.now())
    users = {"anonymous": None, "resident": resident, "author": author, "coauthor": coauthor,
             "moderator": moderator, "other_moderator": other_moderator}
    for field in (photo.image, photo.thumbnail):
        response = login(users[who]).get(field.url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
            assert "private" in response["Cache-Control"]


def test_publication_moves_photos_and_documents_to_public_storage(
    client, make_initiative, author, moderator, settings, django_capture_on_commit_callbacks
):
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    photo = _add_photo(initiative, author)
    document = _add_document(initiative, author)
    private_names = [photo.image.name, photo.thumbnail.name, document.file.name]

    _publish(initiative, moderator, django_capture_on_commit_callbacks)

    photo.refresh_from_db()
    document.refresh_from_db()
    for field in (photo.image, photo.thumbnail, document.file):
        assert field.name.startswith("initiatives/") and _under(settings.MEDIA_ROOT, field.name)
    for name in private_names:
        assert not _under(settings.PRIVATE_MEDIA_ROOT, name.removeprefix("private/"))
    assert client.get(photo.thumbnail.url).status_code == 200
    assert (photo.width, photo.height) != (0, 0)


@pytest.mark.parametrize("status", [S.REJECTED, S.WITHDRAWN])
def test_rejected_at_moderation_or_withdrawn_before_publication_stays_private(
    login, make_initiative, author, status
):
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    photo = _add_photo(initiative, author)
    Initiative.objects.filter(pk=initiative.pk).update(status=status, submitted_at=timezone.now())
    assert photo.image.name.startswith("private/")
    assert login(None).get(photo.image.url).status_code == 404
    assert login(author).get(photo.image.url).status_code == 200


def test_private_file_view_serves_only_names_of_the_initiatives_rows(login, make_initiative, author, settings):
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    _add_photo(initiative, author)
    stray = Path(settings.PRIVATE_MEDIA_ROOT) / f"initiatives/photos/{initiative.pk}/stray.jpg"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"not yours")
    client = login(author)
    assert client.get(reverse("initiatives:private_file", args=[f"initiatives/photos/{initiative.pk}/stray.jpg"])
                      ).status_code == 404
    assert client.get(reverse("initiatives:private_file", args=["../../etc/passwd"])).status_code == 404


def test_the_photos_step_shows_a_drafts_thumbnail_through_the_view(login, make_initiative, author):
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    photo = _add_photo(initiative, author)
    client = login(author)
    page = client.get(reverse("initiatives:edit_step", args=[initiative.pk, "photos"])).content.decode()
    assert f'src="{photo.thumbnail.url}"' in page
    assert client.get(photo.thumbnail.url).status_code == 200


def test_compose_nginx_serves_public_documents_as_sandboxed_attachments():
    from django.conf import settings

    nginx = (Path(settings.BASE_DIR) / "deploy" / "nginx" / "portal.conf.template").read_text(encoding="utf-8")
    block = nginx.split(r"location ~* ^/media/public/.+\.(pdf", 1)[1].split("\n    }\n", 1)[0]
    assert 'add_header Content-Security-Policy "sandbox" always;' in block
    assert 'add_header Content-Disposition "attachment" always;' in block
    assert "add_header X-Content-Type-Options nosniff always;" in block
