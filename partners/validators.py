"""Russian registration numbers of organisations, checked by their control digits.

ИНН: 10 digits for an organisation, 12 for an individual entrepreneur, with the
weighted checksums of the Federal Tax Service. ОГРН: 13 digits (the remainder of the
first 12 divided by 11, last digit), ОГРНИП: 15 digits (the first 14 divided by 13).
A typo in one digit is caught here rather than published on a partner's page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_A = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_B = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _checksum(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    if not value.isdigit() or len(value) not in (10, 12):
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return _checksum(digits, _INN10) == digits[9]
    return _checksum(digits, _INN12_A) == digits[10] and _checksum(digits, _INN12_B) == digits[11]


def ogrn_is_valid(value: str) -> bool:
    if not value.isdigit() or len(value) not in (13, 15):
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    return int(value[:14]) % 13 % 10 == int(value[14])


def validate_inn(value: str) -> None:
    if not inn_is_valid(value):
        raise ValidationError(
            _("ИНН должен состоять из 10 или 12 цифр и сходиться по контрольным цифрам."), code="invalid_inn"
        )


def validate_ogrn(value: str) -> None:
    if not ogrn_is_valid(value):
        raise ValidationError(
            _("ОГРН должен состоять из 13 (ОГРНИП — 15) цифр и сходиться по контрольной цифре."), code="invalid_ogrn"
        )
