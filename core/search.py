"""Substring search over a few text fields: the portable fallback of every search box."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def substring_search(fields: Iterable[str], text: str, *, max_words: int = 6) -> Q:
    """Every word (the first `max_words`) must occur in one of ``fields``.

    SQLite (the development default) folds case for ASCII letters only, so «совет»
    would miss «Совет»; trying the usual capitalisations of each word keeps it close
    to PostgreSQL, where the variants are redundant but harmless.
    """
    fields = tuple(fields)
    condition = Q()
    for word in text.split()[:max_words]:
        word_matches = Q()
        for variant in {word, word.lower(), word.upper(), word.capitalize()}:
            for field in fields:
                word_matches |= Q(**{f"{field}__icontains": variant})
        condition &= word_matches
    return condition
