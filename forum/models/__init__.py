"""Models of the annual forum, split by concern; import them from `forum.models`."""

from .edition import DEFAULT_FORUM_TITLE, DEFAULT_FORUM_TITLE_EN, ForumEdition, Material, Section, Speaker
from .registration import (
    CHECKIN_ALPHABET,
    CHECKIN_CODE_LENGTH,
    ParticipantType,
    Registration,
    SectionRegistration,
    new_checkin_code,
    normalise_checkin_code,
)
from .resolution import ProgressReport, Resolution, ResolutionItem, overall_progress
from .topics import Topic, TopicSupport

__all__ = [
    "CHECKIN_ALPHABET",
    "CHECKIN_CODE_LENGTH",
    "DEFAULT_FORUM_TITLE",
    "DEFAULT_FORUM_TITLE_EN",
    "ForumEdition",
    "Material",
    "ParticipantType",
    "ProgressReport",
    "Registration",
    "Resolution",
    "ResolutionItem",
    "Section",
    "SectionRegistration",
    "Speaker",
    "Topic",
    "TopicSupport",
    "new_checkin_code",
    "normalise_checkin_code",
    "overall_progress",
]
