"""The registries' models, one module per part; everything is re-exported here."""

from .councils import Council, CouncilMeeting, CouncilMeetingQuerySet, CouncilMember, CouncilMemberQuerySet
from .files import pdf_checks, pdf_only
from .managers import MicrodistrictManager
from .territory import Building, District, Microdistrict
from .tos import TOS

__all__ = [
    "TOS",
    "Building",
    "Council",
    "CouncilMeeting",
    "CouncilMeetingQuerySet",
    "CouncilMember",
    "CouncilMemberQuerySet",
    "District",
    "Microdistrict",
    "MicrodistrictManager",
    "pdf_checks",
    "pdf_only",
]
