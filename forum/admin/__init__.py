"""Admin of the forum for council staff, one module per concern."""

from . import programme, registrations, resolution, topics  # noqa: F401
