"""Serving uploaded documents so that their content cannot act on the portal's origin.

A PDF may carry JavaScript, and a browser's built-in viewer runs inline documents
in the portal's origin. Documents therefore always go out as attachments, under
`Content-Security-Policy: sandbox` (an opened file gets a unique, script-less
origin) and `X-Content-Type-Options: nosniff` (no guessing HTML out of bytes).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponseBase

DOCUMENT_EXTENSIONS = (".pdf", ".pptx", ".odp", ".docx", ".odt", ".xlsx", ".ods", ".zip")


def harden_download(response: HttpResponseBase, *, attachment: bool = True, filename: str = "") -> HttpResponseBase:
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    disposition = response.get("Content-Disposition", "")
    if attachment and not disposition.startswith("attachment"):
        if disposition.startswith("inline"):
            response["Content-Disposition"] = "attachment" + disposition[len("inline"):]
        else:
            response["Content-Disposition"] = f'attachment; filename="{filename}"' if filename else "attachment"
    return response


def is_document(name: str) -> bool:
    return name.lower().endswith(DOCUMENT_EXTENSIONS)


def file_response(field_file: Any, *, filename: str, content_type: str, attachment: bool) -> FileResponse:
    """Stream a stored file (any storage) after the caller has checked access; a lost file is a 404."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type, filename=filename, as_attachment=attachment)
    response["X-Content-Type-Options"] = "nosniff"
    if attachment:
        harden_download(response)
    return response
