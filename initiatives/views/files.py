"""An initiative's photos and documents, served after checking that the viewer may see the initiative.

Documents always come through here (as sandboxed attachments, see core.downloads).
Photos of a public initiative are linked straight to the public storage; photos of
one that is not public live in the private storage and come through here.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.downloads import file_response

from .. import permissions
from ..models import InitiativeDocument, InitiativePhoto


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
def photo_file(request: HttpRequest, pk: int, photo_pk: int, variant: str) -> FileResponse:
    photo = get_object_or_404(InitiativePhoto.objects.select_related("initiative"), pk=photo_pk, initiative_id=pk)
    if variant not in ("image", "thumbnail") or not permissions.can_view(request.user, photo.initiative):
        raise Http404
    field = photo.image if variant == "image" else photo.thumbnail
    return file_response(field, filename=f"photo-{photo.pk}.jpg", content_type="image/jpeg", attachment=False)
