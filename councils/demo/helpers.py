"""Building blocks of the councils' demo data: address plans, hand-made PDFs, identifiers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.db import models

from accounts.models import PersonalDataConsent, User
from councils.addresses import normalize_street
from councils.demo import random_for, translit
from councils.demo.districts import DistrictDef
from councils.demo.microdistricts import MicrodistrictDef
from councils.models import (
    TOS,
    Building,
    Council,
    CouncilMeeting,
    CouncilMember,
    District,
    Microdistrict,
    MicrodistrictManager,
)

M = TypeVar("M", bound=models.Model)
Address = tuple[str, str]  # (street, house) as residents write them

# The models the summary reports, in the order pages use them.
SUMMARY_MODELS: tuple[type[models.Model], ...] = (
    District, Microdistrict, Building, Council, CouncilMember, CouncilMeeting, TOS, MicrodistrictManager,
    User, EmailAddress, PersonalDataConsent,
)
# Public councils with meetings: the first ones of each district (plus all coordination councils and a few
# TOS councils) — enough for every listing to look alive without thousands of rows.
MEETING_COUNCILS_PER_DISTRICT = 8
MEETING_TOS_COUNCILS = 6
MEETING_TIME = dt.time(18, 0)  # councils meet after working hours
# Fixed bounds for drawn dates: data that depends on the day of the run would change on every run.
LAST_CHARTER_DATE = dt.date(2025, 11, 30)
LAST_TERM_START = dt.date(2025, 12, 31)

_SHORT_STREET_KINDS = (
    ("улица ", "ул. "), ("бульвар ", "б-р "), (" бульвар", " б-р"), ("проспект ", "пр-т "), (" проспект", " пр-т"),
    ("площадь ", "пл. "), (" площадь", " пл."), (" шоссе", " ш."),
)


@dataclass(frozen=True)
class Facilities:
    """Numbered institutions serving a microdistrict; rosters, places and agendas refer to them."""

    school: int
    kindergarten: int
    clinic: int
    library: int


def short_street(street: str) -> str:
    """«улица Баныкина» → «ул. Баныкина»: abbreviations spare declining street names inside positions."""
    for full, short in _SHORT_STREET_KINDS:
        if full in street:
            return street.replace(full, short, 1)
    return street


def short_address(address: Address) -> str:
    street, house = address
    return f"{short_street(street)}, д. {house}"


def plan_addresses(definitions: tuple[MicrodistrictDef, ...]) -> dict[str, list[Address]]:
    """House numbers per microdistrict, handed out along each street in table order.

    Each street (by its normalised key, so «б-р Гая» and «бульвар Гая» are one)
    keeps a running house number, so two microdistricts on one street get
    disjoint ranges and the unique address constraint always holds.
    """
    next_number: dict[str, int] = {}
    plan: dict[str, list[Address]] = {}
    for md in definitions:
        addresses: list[Address] = []
        for street, count in md.streets:
            key = normalize_street(street)
            # One generator per street, re-created each time at the right position: the numbers on a
            # street depend only on the street and how many houses came before, not on other streets.
            rng = random_for("houses", key, next_number.get(key, 1))
            number = next_number.get(key, 1)
            made = 0
            while made < count:
                addresses.append((street, str(number)))
                made += 1
                if made < count and rng.random() < 0.15:
                    addresses.append((street, f"{number}А"))
                    made += 1
                number += rng.choice((1, 2, 2))
            next_number[key] = number
        plan[md.slug] = addresses
    return plan


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines, built by hand (no PDF library is needed for a demo file).

    The standard Helvetica font has no Cyrillic, so the text is transliterated
    and anything else outside ASCII is dropped.
    """
    def escape(text: str) -> str:
        ascii_text = translit(text).replace("«", '"').replace("»", '"').replace("№", "No.").replace("—", "-")
        ascii_text = ascii_text.encode("ascii", "ignore").decode()
        return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = ["BT", "/F1 14 Tf", "56 780 Td", "18 TL"]
    for line in lines:
        text_ops.append(f"({escape(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def make_ogrn(rng: random.Random, year: int) -> str:
    """A well-formed 13-digit OGRN: 1, year, region 63 (Samara), inspection, number, check digit."""
    # OGRNs exist from 2002: older organisations got theirs when re-registered that year.
    body = f"1{max(year, 2002) % 100:02d}6300{rng.randint(0, 99_999):05d}"
    return body + str(int(body) % 11 % 10)


def phone(rng: random.Random, district: DistrictDef) -> str:
    return f"+7 8482 {rng.choice(district.phone_prefixes)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


