"""The councils' demo loader, second half: members, meetings, managers and the demo logins."""

from __future__ import annotations

import datetime as dt
import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.mfa import DEMO_STAFF_TOTP_SECRET, enrol_totp
from accounts.models import ConsentText, PersonalDataConsent, User
from accounts.services import consent_record
from councils.demo import random_for
from councils.demo.contacts import OFFICE_ROOMS, RECEPTION_HOURS, WORK_MAIL_DOMAIN
from councils.demo.districts import DISTRICTS, DistrictDef
from councils.demo.logins import DEMO_ACCOUNTS
from councils.demo.meetings import (
    COORDINATION_TOPICS,
    PUBLIC_COUNCIL_TOPICS,
    TOS_COUNCIL_TOPICS,
)
from councils.demo.microdistricts import MICRODISTRICTS, MicrodistrictDef
from councils.demo.people import (
    POSITION_TOS,
    POSITIONS_CITY_DEPUTY,
    POSITIONS_HOUSE,
    POSITIONS_OTHER,
    POSITIONS_TOS_COUNCIL,
    make_person,
)
from councils.demo.tos import (
    TOS_LIST,
)
from councils.models import (
    Council,
    CouncilMeeting,
    CouncilMember,
    MicrodistrictManager,
)

from .helpers import (
    LAST_TERM_START,
    MEETING_COUNCILS_PER_DISTRICT,
    MEETING_TIME,
    MEETING_TOS_COUNCILS,
    minimal_pdf,
    phone,
    random_date,
    short_address,
)


class RostersMixin:
    """Methods of DemoLoader that fill rosters; they use the state DemoLoader.__init__ sets."""

    def load_members(self) -> None:
        rows: list[CouncilMember] = []
        for md in MICRODISTRICTS:
            rows += self._public_council_roster(self.public_councils[md.slug], md)
        for d in DISTRICTS:
            rows += self._coordination_roster(self.coordination_councils[d.slug], d)
        for tos_slug, council in self.tos_councils.items():
            rows += self._tos_council_roster(council, tos_slug)
        self._sync_members(rows)

    def _public_council_roster(self, council: Council, md: MicrodistrictDef) -> list[CouncilMember]:
        rng = random_for("members", council.slug)
        taken: set[str] = set()
        context = self._context(md.slug, rng)
        tos_names = [t.name for t in self.tos_by_md.get(md.slug, [])]
        # Who sits on an ОСМ (glossary): senior residents, deputies, school, police, clinic, culture, social work.
        required = [POSITIONS_HOUSE, POSITIONS_HOUSE, POSITIONS_CITY_DEPUTY, POSITIONS_OTHER[0], POSITIONS_OTHER[2]]
        optional = [p for p in POSITIONS_OTHER if p not in required] + [POSITIONS_HOUSE] * 3
        if tos_names:
            optional.append(POSITION_TOS)
        rng.shuffle(optional)
        positions = required + optional[: rng.randint(4, 8) + 3 - len(required)]
        rng.shuffle(positions)
        # A council is usually led by an active senior resident or the TOS.
        leader = next(p for p in positions if p in (POSITIONS_HOUSE, POSITION_TOS))
        positions.remove(leader)
        positions.insert(0, leader)
        houses = itertools.cycle(rng.sample(self.addresses[md.slug], k=len(self.addresses[md.slug])))
        term_start = dt.date(rng.choice((2023, 2024, 2025)), rng.randint(1, 12), rng.randint(1, 28))
        roles = [CouncilMember.Role.CHAIR, CouncilMember.Role.DEPUTY_CHAIR, CouncilMember.Role.SECRETARY]
        members: list[CouncilMember] = []
        for index, template in enumerate(positions):
            person = make_person(rng, taken=taken)
            if index == 0:
                self.council_chairs[council.slug] = person
            values = {**context, "address": short_address(next(houses)), "tos": rng.choice(tos_names or [""])}
            members.append(CouncilMember(
                council_id=council.pk, full_name=person.full_name,
                role=roles[index] if index < len(roles) else CouncilMember.Role.MEMBER,
                position=template[person.gender].format(**values), term_start=term_start, term_end=None,
            ))
        # Some councils keep their previous chair and members in the history.
        if rng.random() < 0.35:
            past_start = dt.date(term_start.year - 4, rng.randint(1, 12), rng.randint(1, 28))
            for index in range(rng.randint(1, 2)):
                person = make_person(rng, taken=taken)
                values = {**context, "address": short_address(next(houses))}
                members.append(CouncilMember(
                    council_id=council.pk, full_name=person.full_name,
                    role=CouncilMember.Role.CHAIR if index == 0 else CouncilMember.Role.MEMBER,
                    position=POSITIONS_HOUSE[person.gender].format(**values),
                    term_start=past_start, term_end=term_start - dt.timedelta(days=1),
                ))
        return members

    def _coordination_roster(self, council: Council, d: DistrictDef) -> list[CouncilMember]:
        rng = random_for("members", council.slug)
        term_start = dt.date(2024, 2, rng.randint(1, 28))
        district_mds = [md for md in MICRODISTRICTS if md.district == d.slug]
        chairs = rng.sample(district_mds, k=rng.randint(6, 8))
        members: list[CouncilMember] = []
        taken: set[str] = set()
        for index, md in enumerate(chairs):
            person = self.council_chairs[self.public_councils[md.slug].slug]
            taken.add(person.full_name)
            role = {0: CouncilMember.Role.CHAIR, 1: CouncilMember.Role.SECRETARY}.get(index, CouncilMember.Role.MEMBER)
            members.append(CouncilMember(
                council_id=council.pk, full_name=person.full_name, role=role,
                position=f"председатель общественного совета {md.council_label}", term_start=term_start,
            ))
        official = make_person(rng, taken=taken)
        members.append(CouncilMember(
            council_id=council.pk, full_name=official.full_name, role=CouncilMember.Role.DEPUTY_CHAIR,
            position=f"заместитель главы {d.genitive}", term_start=term_start,
        ))
        deputy = make_person(rng, taken=taken)
        members.append(CouncilMember(
            council_id=council.pk, full_name=deputy.full_name, role=CouncilMember.Role.MEMBER,
            position=POSITIONS_CITY_DEPUTY[deputy.gender], term_start=term_start,
        ))
        district_tos = [t for t in TOS_LIST if self.md_defs[t.microdistrict].district == d.slug and not t.liquidated_on]
        for tos_def in rng.sample(district_tos, k=2):
            chair = self.tos_chairs[tos_def.slug]
            if chair.full_name not in taken:
                taken.add(chair.full_name)
                members.append(CouncilMember(
                    council_id=council.pk, full_name=chair.full_name, role=CouncilMember.Role.MEMBER,
                    position=f"председатель {tos_def.name}", term_start=term_start,
                ))
        return members

    def _tos_council_roster(self, council: Council, tos_slug: str) -> list[CouncilMember]:
        rng = random_for("members", council.slug)
        tos = self.tos[tos_slug]
        tos_def = next(t for t in TOS_LIST if t.slug == tos_slug)
        chair = self.tos_chairs[tos_slug]
        taken = {chair.full_name}
        earliest = max(tos.charter_registered_on + dt.timedelta(days=30), dt.date(2022, 1, 1))
        term_start = random_date(rng, earliest, max(earliest, LAST_TERM_START))
        members = [CouncilMember(
            council_id=council.pk, full_name=chair.full_name, role=CouncilMember.Role.CHAIR,
            position="председатель ТОС", term_start=term_start,
        )]
        addresses = self.addresses[tos_def.microdistrict]
        for index in range(rng.randint(2, 4)):
            person = make_person(rng, taken=taken)
            template = rng.choice(POSITIONS_TOS_COUNCIL)
            members.append(CouncilMember(
                council_id=council.pk, full_name=person.full_name,
                role=CouncilMember.Role.SECRETARY if index == 0 else CouncilMember.Role.MEMBER,
                position=template[person.gender].format(address=short_address(rng.choice(addresses))),
                term_start=term_start,
            ))
        return members

    def _sync_members(self, rows: list[CouncilMember]) -> None:
        """Bulk create/update rosters; a member is known by council and full name."""
        fields = ("role", "position", "term_start", "term_end")
        existing = {
            (m.council_id, m.full_name): m
            for m in CouncilMember.objects.filter(council_id__in={row.council_id for row in rows})
        }
        to_create: list[CouncilMember] = []
        to_update: list[CouncilMember] = []
        for row in rows:
            current = existing.get((row.council_id, row.full_name))
            if current is None:
                to_create.append(row)
            elif any(getattr(current, f) != getattr(row, f) for f in fields):
                for f in fields:
                    setattr(current, f, getattr(row, f))
                to_update.append(current)
        CouncilMember.objects.bulk_create(to_create, batch_size=500)
        CouncilMember.objects.bulk_update(to_update, fields, batch_size=500)
        self.created[CouncilMember] += len(to_create)
        self.updated[CouncilMember] += len(to_update)

    def load_meetings(self) -> None:
        for d in DISTRICTS:
            council = self.coordination_councils[d.slug]
            md_slug = next(md.slug for md in MICRODISTRICTS if md.district == d.slug)
            self._meetings(council, COORDINATION_TOPICS, md_slug)
            district_mds = [md for md in MICRODISTRICTS if md.district == d.slug]
            for md in district_mds[:MEETING_COUNCILS_PER_DISTRICT]:
                self._meetings(self.public_councils[md.slug], PUBLIC_COUNCIL_TOPICS, md.slug)
        for tos_slug, council in list(self.tos_councils.items())[:MEETING_TOS_COUNCILS]:
            md_slug = next(t.microdistrict for t in TOS_LIST if t.slug == tos_slug)
            self._meetings(council, TOS_COUNCIL_TOPICS, md_slug, per_meeting=1)

    def _meetings(
        self, council: Council, topics: tuple[tuple[str, str], ...], md_slug: str, per_meeting: int = 2,
    ) -> None:
        """2–4 past meetings a quarter apart, and for some councils an upcoming one not yet published.

        Dates are relative to the day the demo is first loaded (so an upcoming
        meeting really is upcoming) and are set on creation only; a meeting is
        found again by its council and agenda.
        """
        rng = random_for("meetings", council.slug)
        upcoming = int(rng.random() < 0.5)
        # Every meeting needs its own topics: the agenda is what finds a meeting again.
        past = min(rng.randint(2, 4), len(topics) // per_meeting - upcoming)
        chosen = rng.sample(topics, k=(past + upcoming) * per_meeting)
        context = self._context(md_slug, rng)
        place = council.meeting_place or context["street"]
        for index in range(past + upcoming):
            items = chosen[index * per_meeting:(index + 1) * per_meeting]
            agenda = "\n".join(f"{n}. {item.format(**context)}" for n, (item, _) in enumerate(items, start=1))
            agenda += f"\n{len(items) + 1}. Разное."
            if index < past:
                day = self.today - dt.timedelta(days=90 * (past - index - 1) + rng.randint(7, 40))
                day -= dt.timedelta(days=(day.weekday() - 1) % 7)  # back to a Tuesday
                # The latest minutes of some councils are still being approved.
                published = not (index == past - 1 and rng.random() < 0.2)
            else:
                day = self.today + dt.timedelta(days=rng.randint(7, 25))
                day += dt.timedelta(days=(3 - day.weekday()) % 7)  # on to a Thursday
                published = False
            decisions = (
                "\n".join(f"{n}. {decision.format(**context)}" for n, (_, decision) in enumerate(items, start=1))
                if published else ""
            )
            meeting = self.upsert(
                CouncilMeeting, {"council_id": council.pk, "agenda": agenda},
                {"place": place, "decisions": decisions, "is_published": published},
                create_only={"held_at": timezone.make_aware(dt.datetime.combine(day, MEETING_TIME))},
            )
            if published and not meeting.minutes_file:
                self._attach_minutes(meeting, council)

    def _attach_minutes(self, meeting: CouncilMeeting, council: Council) -> None:
        held = timezone.localtime(meeting.held_at)
        pdf = minimal_pdf([
            "Protokol zasedaniya",
            council.name,
            f"{held:%d.%m.%Y}, {meeting.place}",
            "Demonstratsionnyy dokument portala Samoupravlenie Tolyatti",
        ])
        meeting.minutes_file.save(f"protokol-{council.slug}-{held:%Y-%m-%d}.pdf", ContentFile(pdf), save=True)

    def load_managers(self) -> None:
        for d in DISTRICTS:
            rng = random_for("managers", d.slug)
            mds = [md for md in MICRODISTRICTS if md.district == d.slug]
            groups: list[list[MicrodistrictDef]] = []
            while mds:
                size = rng.choice((2, 3, 4))
                # Never leave a single microdistrict for the last manager: each has 2–4.
                size = len(mds) if len(mds) <= 4 else min(size, len(mds) - 2)
                groups.append(mds[:size])
                mds = mds[size:]
            for group in groups:
                person = make_person(rng)
                office = rng.choice(self.addresses[group[0].slug])
                manager = self.upsert(
                    MicrodistrictManager, {"work_email": f"upravlyayushchiy.{group[0].slug}@{WORK_MAIL_DOMAIN}"}, {
                        "full_name": person.full_name, "district_id": self.districts[d.slug].pk,
                        "work_phone": phone(rng, d),
                        "office_address": f"{short_address(office)}, {rng.choice(OFFICE_ROOMS)}",
                        "reception_hours": rng.choice(RECEPTION_HOURS), "is_active": True,
                    },
                )
                self.sync_m2m(manager, manager.microdistricts, [self.microdistricts[md.slug].pk for md in group])
                self.first_managers.setdefault(d.slug, (manager, person))

    def load_users(self, password: str) -> None:
        groups = {group.name: group for group in Group.objects.all()}
        password_hash: str | None = None
        consent_text = ConsentText.current()
        if consent_text is None:
            # The consent text is a legal document published by a migration; the demo does not invent one.
            self.warnings.append("Нет действующего текста согласия на обработку ПДн: согласия не записаны.")
        for account in DEMO_ACCOUNTS:
            display_name = account.display_name
            manager = None
            if account.manages_in:
                manager, person = self.first_managers[account.manages_in]
                display_name = person.display_name
            values = {
                "display_name": display_name, "is_staff": account.is_staff, "is_superuser": account.is_superuser,
                "is_active": True,
                "moderated_district_id": self.districts[account.moderated_district].pk
                if account.moderated_district else None,
                "home_microdistrict_id": self.microdistricts[account.home_microdistrict].pk
                if account.home_microdistrict else None,
            }
            if password_hash is None and not User.objects.filter(email=account.email).exists():
                # One hash for all demo accounts: they share a published password, so a shared salt
                # gives nothing away, and hashing once keeps the command fast (PBKDF2 is slow by design).
                password_hash = make_password(password)
            user = self.upsert(User, {"email": account.email}, values, create_only={"password": password_hash},
                               clean=False)
            if not user.groups.filter(name=account.role).exists():
                user.groups.add(groups[account.role])
                self.count_update(user)
            self.upsert(EmailAddress, {"user_id": user.pk, "email": account.email},
                        {"verified": True, "primary": True}, clean=False)
            if account.is_staff:
                # The admin opens only with a second factor; the demo's secret is published.
                enrol_totp(user, DEMO_STAFF_TOTP_SECRET)
            if consent_text is not None and not user.consents.filter(consent_text=consent_text).exists():
                consent_record(user=user, consent_text=consent_text)
                self.created[PersonalDataConsent] += 1
            if manager is not None and manager.user_id != user.pk:
                MicrodistrictManager.objects.filter(user=user).exclude(pk=manager.pk).update(user=None)
                manager.user = user
                manager.save(update_fields=["user"])
                self.count_update(manager)
