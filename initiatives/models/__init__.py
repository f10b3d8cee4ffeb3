"""Initiatives' models, one module per part (the way forum/models is laid out).

Everything is re-exported here: `from initiatives.models import Initiative` keeps
working, and migrations keep finding the upload-path helpers under this name.
"""

from .discussion import Comment, CommentQuerySet, CommentReport, OfficialResponse, ProgressUpdate
from .files import InitiativeDocument, InitiativePhoto, _document_path, _photo_path, _thumb_path
from .group import CoauthorInvitation, Follow, Support, _invitation_expiry
from .initiative import Initiative, InitiativeQuerySet, StatusChange
from .reference import Category, NationalProject, Scope, SupportRule

__all__ = [
    "Category",
    "CoauthorInvitation",
    "Comment",
    "CommentQuerySet",
    "CommentReport",
    "Follow",
    "Initiative",
    "InitiativeDocument",
    "InitiativePhoto",
    "InitiativeQuerySet",
    "NationalProject",
    "OfficialResponse",
    "ProgressUpdate",
    "Scope",
    "StatusChange",
    "Support",
    "SupportRule",
    "_document_path",
    "_invitation_expiry",
    "_photo_path",
    "_thumb_path",
]
