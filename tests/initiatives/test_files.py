"""Initiative documents and photos: who may fetch them and how they are served."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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


def _published_with_document(make_initiative, author, moderator) -> tuple[Initiative, InitiativeDocument]:
    initiative = make_initiative(status=S.DRAFT, published_at=None)
    document = _add_document(initiative, author)
    Initiative.objects.filter(pk=initiative.pk).update(status=S.MODERATION)
    initiative.refresh_from_db()
    services.initiative_publish(initiative, actor=moderator)
    document.refresh_from_db()
    return initiative, document


def _assert_sandboxed_attachment(response) -> None:
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pdf_with_javascript_is_served_as_sandboxed_attachment(login, make_initiative, author, moderator):
    _, document = _published_with_document(make_initiative, author, moderator)
    response = login(None).get(document.get_absolute_url())
    assert response.status_code == 200
    _assert_sandboxed_attachment(response)
    assert b"".join(response.streaming_content) == PDF_WITH_JS


def test_pdf_under_the_media_url_is_also_a_sandboxed_attachment(client, make_initiative, author, moderator):
    _, document = _published_with_document(make_initiative, author, moderator)
    if not document.file.name.startswith("initiatives/"):
        pytest.skip("the file is not in the public storage")
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
