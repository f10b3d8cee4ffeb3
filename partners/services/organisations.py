"""Partner records: verification by staff, members, the logo."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User

from ..models import PartnerMember, PartnerOrganization


def partner_verify(partner: PartnerOrganization, *, verified: bool = True) -> PartnerOrganization:
    partner.is_verified = verified
    partner.verified_at = timezone.now() if verified else None
    partner.save(update_fields=["is_verified", "verified_at", "updated_at"])
    return partner


def logo_store(partner: PartnerOrganization, upload: UploadedFile) -> None:
    """Check the upload by content and keep only a re-encoded copy (no metadata, bounded size).

    Raises ValidationError with a message for the person who uploaded it.
    """
    old = partner.logo.name if partner.logo else ""
    # The field re-encodes (core.upload_fields.CleanImageField) and raises ValidationError for a bad file.
    partner.logo.save("logo.jpg", upload, save=False)
    partner.save(update_fields=["logo", "updated_at"])
    if old and old != partner.logo.name:
        partner.logo.storage.delete(old)


def member_add(partner: PartnerOrganization, user: User, *, position: str = "") -> PartnerMember:
    """Link an account to the organisation and give it the `partner_member` role."""
    with transaction.atomic():
        member, _ = PartnerMember.objects.update_or_create(
            user=user, defaults={"partner": partner, "position": position}
        )
        group, _ = Group.objects.get_or_create(name=roles.PARTNER)
        user.groups.add(group)
    return member


def member_remove(member: PartnerMember) -> None:
    with transaction.atomic():
        user = member.user
        member.delete()
        user.groups.remove(*Group.objects.filter(name=roles.PARTNER))
