from .keys import PartnerApiKey, Scope
from .organisations import (
    PartnerMember,
    PartnerOrganization,
    Pledge,
    PledgeStatusChange,
    Programme,
    ProgrammeApplication,
)
from .webhooks import WebhookDelivery, WebhookDispatch, WebhookEndpoint, WebhookEvent

__all__ = [
    "PartnerApiKey",
    "PartnerMember",
    "PartnerOrganization",
    "Pledge",
    "PledgeStatusChange",
    "Programme",
    "ProgrammeApplication",
    "Scope",
    "WebhookDelivery",
    "WebhookDispatch",
    "WebhookEndpoint",
    "WebhookEvent",
]
