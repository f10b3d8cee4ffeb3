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
_HOUSE_PREFIX_RE = re.compile(r"^(д|дом)\.?\s*", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
_ADDRESS_RE = re.compile(r"^(?P<street>.*?)[\s,]*(?:\b(?:д|дом)\.?\s*)?(?P<house>\d+[\w/\- ]{0,8})$", re.IGNORECASE)


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
    match = _ADDRESS_RE.match(cleaned)
    if not match or not match.group("street").strip(" ,"):
        return cleaned, ""
    return match.group("street").strip(" ,"), match.group("house").strip()
