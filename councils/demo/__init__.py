"""Demo content for `manage.py load_demo`: realistic Tolyatti data as plain Python structures.

Everything random here is drawn from generators seeded from one constant, so
that every run builds exactly the same rows: that is what makes the command
idempotent. Each entity gets its own stream (`random_for("members", slug)`)
rather than sharing one: adding a microdistrict or a name to a list then
changes only the rows that depend on it instead of reshuffling the whole city.
"""

from __future__ import annotations

import random

SEED = 2026

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}


def random_for(*parts: object) -> random.Random:
    """A generator seeded from SEED and the given parts; the same parts give the same sequence.

    String seeds are hashed with SHA-512 by `random.Random`, so the sequence
    does not depend on PYTHONHASHSEED or the process.
    """
    key = ":".join(str(part) for part in (SEED, *parts))
    return random.Random(key)


def translit(text: str) -> str:
    """Latin transliteration of Russian text, keeping everything that is not Cyrillic."""
    out = []
    for char in text:
        lower = char.lower()
        latin = _TRANSLIT.get(lower)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char != lower and latin else latin)
    return "".join(out)


def slugify_ru(text: str) -> str:
    """ASCII slug of Russian text: «Улица Баныкина» → «ulitsa-banykina»."""
    latin = translit(text.lower())
    slug = "".join(char if char.isascii() and char.isalnum() else "-" for char in latin)
    return "-".join(part for part in slug.split("-") if part)
