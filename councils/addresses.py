"""Normalising Russian street addresses as residents type them.

Residents write «б-р Татищева, д. 12а», «бульвар Татищева 12А» or «Татищева 12 а»;
the finder must treat these as one address. Street keys drop the kind of street
(улица, бульвар…) and punctuation; house keys are lower-case without spaces.
"""

from __future__ import annotations

import re

# Kinds of street and their abbreviations, removed from the key: residents often
# omit or abbreviate them, and no two Tolyatti streets differ only by kind.
_STREET_KINDS = (
    "улица", "ул", "бульвар", "б-р", "бул", "бр", "проспект", "пр-т", "пр-кт", "просп", "пр",
    "площадь", "пл", "переулок", "пер", "проезд", "шоссе", "ш", "набережная", "наб", "тупик",
)
_KIND_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in _STREET_KINDS) + r")\.?(?![\w-])")
_HOUSE_PREFIX_RE = re.compile(r"^(?:дом|д)\.?\s*", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
# A house: «12», «12а», «12 А», «12/3», «12 корп. 1», «5 стр.2»; a flat number after it is dropped.
_HOUSE = (
    r"\d+(?:\s?-?\s?[а-яёa-z](?![а-яёa-z]))?(?:\s?/\s?\d+[а-яёa-z]?)?"
    r"(?:[\s,]*(?:корпус|корп|к|строение|стр|с)\.?\s*\d+)?"
)
_ADDRESS_RE = re.compile(
    rf"^(?P<street>.*?)[\s,]*(?:\b(?:дом|д)\.?\s*)?(?P<house>{_HOUSE})(?:[\s,]*(?:кв|квартира)\.?\s*\d+)?$",
    re.IGNORECASE,
)
# Addresses are short; longer input is not an address and would only cost regex time.
MAX_ADDRESS_LENGTH = 200


def normalize_street(street: str) -> str:
    text = street.lower().replace("ё", "е")
    text = _KIND_RE.sub(" ", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    return _SPACE_RE.sub(" ", text).strip()


def normalize_house(house: str) -> str:
    text = _HOUSE_PREFIX_RE.sub("", house.strip().lower().replace("ё", "е"))
    text = text.replace("корпус", "к").replace("корп", "к").replace("строение", "с").replace("стр", "с")
    return re.sub(r"[\s.,]", "", text)


def split_address(text: str) -> tuple[str, str]:
    """Split «бульвар Татищева, 12а» into («бульвар Татищева», «12а»); house may be empty."""
    cleaned = _SPACE_RE.sub(" ", text.strip().strip(","))
    if len(cleaned) > MAX_ADDRESS_LENGTH:
        return cleaned, ""
    match = _ADDRESS_RE.match(cleaned)
    if not match or not match.group("street").strip(" ,"):
        return cleaned, ""
    return match.group("street").strip(" ,"), match.group("house").strip()
