"""Small text helpers shared by the apps."""

from __future__ import annotations


def excerpt(text: str, limit: int = 500) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis (for letters and cards)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
