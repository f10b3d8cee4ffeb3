"""A person's place at the forum and at its sections.

Statuses change only in `forum.services`, under row locks on the edition and
the sections, so that capacities hold however many people register at once.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .edition import ForumEdition, Section

# Crockford's base32: no I, L, O, U, so a code read aloud or copied from paper is unambiguous.
CHECKIN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECKIN_CODE_LENGTH = 8
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


def normalise_checkin_code(text: str) -> str:
    """«abcd-efgh», «ABCD EFGH» and «ABCDEFGH» are the same code; O and 0, I/L and 1 too."""
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper()).translate(_CONFUSABLE)


class ParticipantType(models.TextChoices):
    RESIDENT = "resident", _("житель")
    TOS = "tos", _("ТОС")
    PUBLIC_COUNCIL = "public_council", _("общественный совет")
    NGO = "ngo", _("некоммерческая организация")
    BUSINESS = "business", _("бизнес")
    OFFICIAL = "official", _("органы власти")
    MEDIA = "media", _("СМИ")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("участие подтверждено")
        WAITLISTED = "waitlisted", _("лист ожидания")
        CANCELLED = "cancelled", _("отменена")
        ATTENDED = "attended", _("присутствовал(а)")

    # Statuses that hold one of the forum's seats.
    SEAT_STATUSES = (Status.CONFIRMED, Status.ATTENDED)
    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)

    edition = models.ForeignKey(
        ForumEdition, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("форум")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_registrations",
        verbose_name=_("учётная запись"),
    )
    # The badge and the list at the door need a real name; the portal's display name may be «Анна К.».
    full_name = models.CharField(_("ФИО участника"), max_length=200)
    organisation = models.CharField(_("организация"), max_length=255, blank=True)
    participant_type = models.CharField(_("кого представляет"), max_length=20, choices=ParticipantType.choices)
    sections = models.ManyToManyField(
        Section, through="SectionRegistration", related_name="registrations", verbose_name=_("площадки")
    )
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, db_index=True, editable=False)
    checkin_code = models.CharField(
        _("код регистрации"), max_length=CHECKIN_CODE_LENGTH, unique=True, editable=False
    )
    # Set by the registration service while it holds the edition lock, so it orders the waitlist.
    created_at = models.DateTimeField(_("зарегистрирован"), default=timezone.now, editable=False)
    consent_given_at = models.DateTimeField(_("согласие на обработку ПДн"), null=True, editable=False)
    cancelled_at = models.DateTimeField(_("отменена"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("кем отменена"),
    )
    promoted_at = models.DateTimeField(_("переведён из листа ожидания"), null=True, blank=True, editable=False)
    attended_at = models.DateTimeField(_("отмечен на входе"), null=True, blank=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("кто отметил"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["edition", "status", "created_at"], name="forum_reg_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"], condition=~Q(status="cancelled"), name="forum_registration_once_per_user"
            ),
        ]
        verbose_name = _("регистрация участника")
        verbose_name_plural = _("регистрации участников")

    def __str__(self) -> str:
        return f"{self.full_name} — {self.edition.year}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_cancellable(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)

    @property
    def display_code(self) -> str:
        """«ABCD-EFGH»: two groups of four are easier to read out at the door."""
        return f"{self.checkin_code[:4]}-{self.checkin_code[4:]}"


class SectionRegistration(models.Model):
    """A registration's place at one section; a section's waitlist is ordered by `created_at`."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("место есть")
        WAITLISTED = "waitlisted", _("лист ожидания")
        CANCELLED = "cancelled", _("отменено")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="section_registrations", verbose_name=_("регистрация")
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="section_registrations", verbose_name=_("площадка")
    )
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["section__starts_at", "section_id"]
        indexes = [models.Index(fields=["section", "status", "created_at"], name="forum_sectionreg_queue")]
        constraints = [
            models.UniqueConstraint(fields=["registration", "section"], name="forum_section_registration_once"),
        ]
        verbose_name = _("запись на площадку")
        verbose_name_plural = _("записи на площадки")

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.section_id}"
