"""SMTP backend that knows when a failed send may still have been delivered.

When the server goes silent after the whole message (ending with «.») was
written to it, the client times out without knowing whether the server
accepted it; a server that was only frozen accepts it when it resumes. A
retry would then deliver it twice. This backend remembers that state, so the
outbox can record such a message as sent (unconfirmed) instead of re-sending.
"""

from __future__ import annotations

import smtplib

from django.core.mail.backends.smtp import EmailBackend


class _HandOverTracking:
    """Marks the window between writing the end of the message and reading the server's verdict."""

    awaiting_verdict = False
    _in_data = False

    def mail(self, *args, **kwargs):  # the start of every message
        self.awaiting_verdict = False
        return super().mail(*args, **kwargs)

    def data(self, msg):
        self._in_data = True
        try:
            return super().data(msg)
        finally:
            self._in_data = False

    def send(self, s):
        super().send(s)
        if self._in_data and isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.awaiting_verdict = True

    def getreply(self):
        reply = super().getreply()
        self.awaiting_verdict = False
        return reply


class TrackingSMTP(_HandOverTracking, smtplib.SMTP):
    pass


class TrackingSMTPSSL(_HandOverTracking, smtplib.SMTP_SSL):
    pass


class SMTPBackend(EmailBackend):
    """Django's SMTP backend plus `outcome_unknown()`; use as EMAIL_BACKEND."""

    _last_smtp: smtplib.SMTP | None = None

    @property
    def connection_class(self):
        return TrackingSMTPSSL if self.use_ssl else TrackingSMTP

    def open(self) -> bool | None:
        opened = super().open()
        if self.connection is not None:
            self._last_smtp = self.connection
        return opened

    def outcome_unknown(self) -> bool:
        """True when the last message was handed over in full but no verdict came back."""
        return bool(getattr(self._last_smtp, "awaiting_verdict", False))

    def discard(self) -> None:
        """Drop a broken connection without the QUIT exchange a silent server would not answer."""
        smtp, self.connection = self.connection, None
        if smtp is not None:
            smtp.close()


def outcome_unknown(connection: object) -> bool:
    """Whether the failed send on this mail backend may have been delivered (False for other backends)."""
    check = getattr(connection, "outcome_unknown", None)
    return bool(check and check())


def discard(connection: object) -> None:
    drop = getattr(connection, "discard", None)
    if drop is not None:
        drop()
