"""The resident's side of initiatives: the guided submission, «Мои инициативы», invitations.

Every change goes through `initiatives.services`; these views validate input, call a
service and turn its refusals (DomainError and subclasses, ValidationError) into
messages or form errors. Typed input is never thrown away: a refused POST re-renders
the bound form, and a refused file does not cost the resident the rest of the POST.

steps.py holds the steps and their completeness rules, wizard.py the step pages,
actions.py the buttons on them, mine.py «Мои инициативы» and the invitation link.
"""

from .actions import document_delete, invitation_revoke, photo_delete, submit, withdraw
from .mine import invitation, my_initiatives
from .steps import CREATE_RATE, INVITE_RATE, STEPS, STEPS_BY_SLUG, UPLOAD_RATE, Step
from .wizard import create, edit, edit_step

__all__ = [
    "CREATE_RATE",
    "INVITE_RATE",
    "STEPS",
    "STEPS_BY_SLUG",
    "UPLOAD_RATE",
    "Step",
    "create",
    "document_delete",
    "edit",
    "edit_step",
    "invitation",
    "invitation_revoke",
    "my_initiatives",
    "photo_delete",
    "submit",
    "withdraw",
]
