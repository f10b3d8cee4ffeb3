"""Validators of staff uploads (charters, minutes)."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator

from core.uploads import validate_pdf_upload

pdf_only = FileExtensionValidator(allowed_extensions=["pdf"])
# Staff uploads are judged by their bytes too, as residents' documents are.
pdf_checks = [pdf_only, validate_pdf_upload]
