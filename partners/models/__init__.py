from .keys import PartnerApiKey, Scope
from .organisations import (
    PartnerMember,
    PartnerOrganization,
    Pledge,
    PledgeStatusChange,
    Programme,
    ProgrammeApplication,
)

__all__ = [
    "PartnerApiKey",
    "PartnerMember",
    "PartnerOrganization",
    "Pledge",
    "PledgeStatusChange",
    "Programme",
    "ProgrammeApplication",
    "Scope",
]
