"""«Версия для слабовидящих» (ГОСТ Р 52872-2019): larger text, high-contrast schemes, letter spacing,
images off — chosen with plain links, kept in a cookie, applied as classes on <html>.

No JavaScript is needed: every choice is a GET link to the `accessibility` view, which sets
the cookie and returns to the page. The CSS (static/css/accessibility.css) scales the rem-based
layout, so nothing is laid out anew and a 360 px phone still shows no sideways scrolling.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest

COOKIE = "a11y"
COOKIE_AGE = 60 * 60 * 24 * 365

SIZES = ("1", "2", "3")  # 125 %, 150 %, 200 % of the usual text
SCHEMES = ("bw", "wb", "blue")  # black on white, white on black, dark blue on light blue
SPACINGS = ("1", "2", "3")  # usual, wide, wider letter spacing
IMAGES = ("on", "off")


@dataclass(frozen=True)
class Settings:
    size: str = "1"
    scheme: str = "bw"
    spacing: str = "1"
    images: str = "on"

    def encode(self) -> str:
        return ".".join((self.size, self.scheme, self.spacing, self.images))

    @property
    def classes(self) -> str:
        return (
            f"a11y a11y-size-{self.size} a11y-scheme-{self.scheme} a11y-spacing-{self.spacing}"
            f" a11y-images-{self.images}"
        )


def parse(value: str | None) -> Settings | None:
    """The settings in a cookie value, or None for the usual version (or a value we did not write)."""
    if not value:
        return None
    parts = value.split(".")
    if len(parts) != 4:
        return None
    size, scheme, spacing, images = parts
    if size not in SIZES or scheme not in SCHEMES or spacing not in SPACINGS or images not in IMAGES:
        return None
    return Settings(size, scheme, spacing, images)


def updated(current: Settings | None, params: dict[str, str]) -> Settings:
    """``current`` (or the defaults) with the valid choices of ``params`` applied; the rest ignored."""
    settings = current or Settings()
    changes = {}
    for name, allowed in (("size", SIZES), ("scheme", SCHEMES), ("spacing", SPACINGS), ("images", IMAGES)):
        value = params.get(name)
        if value in allowed:
            changes[name] = value
    return replace(settings, **changes)


def context_processor(request: HttpRequest) -> dict[str, Any]:
    return {"a11y": parse(request.COOKIES.get(COOKIE))}
