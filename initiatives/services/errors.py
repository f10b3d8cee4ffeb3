"""Errors services raise; views turn them into messages, the API into 4xx with a JSON body."""


class InitiativeError(Exception):
    """A rule of the portal refused the action; the message is for the user."""


class WrongStatus(InitiativeError):
    """The initiative is not in a status that allows the action."""


class NotAllowed(InitiativeError):
    """The actor has no right to the action."""
