"""Writes to initiatives. Views, forms, admin actions, the API and tasks call these."""

from .content import (
    document_add,
    document_delete,
    initiative_create_draft,
    initiative_update,
    photo_add,
    photo_delete,
    store_photo,
)
from .discussion import comment_add, comment_edit, comment_hide, comment_report, comment_restore
from .errors import DomainError, NotAllowed, WrongStatus
from .group import invitation_accept, invitation_create, invitation_decline, invitation_revoke
from .responses import official_response_add, progress_update_add
from .support import follow, support_add, support_withdraw, unfollow
from .transitions import (
    expire_overdue_initiatives,
    initiative_accept,
    initiative_expire,
    initiative_forward,
    initiative_mark_best_practice,
    initiative_mark_implemented,
    initiative_publish,
    initiative_reject,
    initiative_request_revision,
    initiative_start,
    initiative_submit,
    initiative_withdraw,
    missing_for_submission,
    support_rule_for,
)

__all__ = [
    "DomainError",
    "NotAllowed",
    "WrongStatus",
    "comment_add",
    "comment_edit",
    "comment_hide",
    "comment_report",
    "comment_restore",
    "document_add",
    "document_delete",
    "expire_overdue_initiatives",
    "follow",
    "initiative_accept",
    "initiative_create_draft",
    "initiative_expire",
    "initiative_forward",
    "initiative_mark_best_practice",
    "initiative_mark_implemented",
    "initiative_publish",
    "initiative_reject",
    "initiative_request_revision",
    "initiative_start",
    "initiative_submit",
    "initiative_update",
    "initiative_withdraw",
    "invitation_accept",
    "invitation_create",
    "invitation_decline",
    "invitation_revoke",
    "missing_for_submission",
    "official_response_add",
    "photo_add",
    "photo_delete",
    "progress_update_add",
    "store_photo",
    "support_add",
    "support_rule_for",
    "support_withdraw",
    "unfollow",
]
