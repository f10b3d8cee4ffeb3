"""An initiative's photos and documents, served after checking that the viewer may see the initiative.

Documents always come through here (as sandboxed attachments, see core.downloads).
Photos of a public initiative are linked straight to the public storage; files of
one that is not public live in the private storage (initiatives.storage) and their
URL is `private_file` here.
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.downloads import file_response

from .. import permissions
from ..models import Initiative, InitiativeDocument, InitiativePhoto
from ..storage import PRIVATE_PREFIX

# The name must also be one that a row of the initiative points at (checked below).
_PRIVATE_NAME = re.compile(r"^initiatives/(photos|documents)/(\d+)/(?:thumbs/)?[^/]+$")


@require_safe
# An initiative can become private again (withdrawn, rejected): no shared cache may keep its files.
@cache_control(private=True, no_cache=True)
def document_file(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = get_object_or_404(InitiativeDocument.objects.select_related("initiative"), pk=document_pk,
                                 initiative_id=pk)
    if not permissions.can_view(request.user, document.initiative):
        raise Http404
    return file_response(document.file, filename=f"document-{document.pk}.pdf", content_type="application/pdf",
                         attachment=True)


@require_safe
@cache_control(private=True, no_cache=True)
def private_file(request: HttpRequest, name: str) -> FileResponse:
    """A file of an initiative that is not public (the private storage's URL for it).

    The name must be one the initiative's rows point at, and the viewer must be
    allowed to see the initiative (its group, moderators of its district).
    """
    match = _PRIVATE_NAME.match(name)
    if match is None:
        raise Http404
    kind, initiative_id = match.group(1), int(match.group(2))
    initiative = get_object_or_404(Initiative, pk=initiative_id)
    if not permissions.can_view(request.user, initiative):
        raise Http404
    stored = PRIVATE_PREFIX + name
    if kind == "photos":
        photo = get_object_or_404(InitiativePhoto, Q(image=stored) | Q(thumbnail=stored), initiative=initiative)
        field = photo.image if photo.image.name == stored else photo.thumbnail
        return file_response(field, filename=f"photo-{photo.pk}.jpg", content_type="image/jpeg", attachment=False)
    document = get_object_or_404(InitiativeDocument, file=stored, initiative=initiative)
    return file_response(document.file, filename=f"document-{document.pk}.pdf", content_type="application/pdf",
                         attachment=True)
